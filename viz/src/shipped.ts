/**
 * The scenario files that ship with fedsim (every scenarios/**\/*.yaml, .yml and
 * .json), bundled as text so they load with one click and no request.
 */
const files = import.meta.glob(['../../scenarios/**/*.yaml', '../../scenarios/**/*.yml', '../../scenarios/**/*.json'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export interface ShippedScenario {
  /** Path under scenarios/ without extension: `examples/seed-failover`. */
  key: string;
  fileName: string;
  text: string;
}

export const SHIPPED: ShippedScenario[] = Object.entries(files)
  .map(([path, text]) => {
    const fileName = path.replace(/^(\.\.\/)*scenarios\//, '');
    return { key: fileName.replace(/\.(ya?ml|json)$/i, ''), fileName, text };
  })
  .sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));

export function findShipped(key: string): ShippedScenario | undefined {
  return SHIPPED.find((s) => s.key === key);
}
