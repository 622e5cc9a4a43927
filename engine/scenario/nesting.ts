/**
 * How deeply a scenario file may nest. Real scenarios need about eight levels; the
 * limit keeps hostile files from overflowing the stack of the YAML composer or of
 * whatever later walks the passed-through values (`generate`, raw contents).
 */
export const MAX_NESTING = 100;
