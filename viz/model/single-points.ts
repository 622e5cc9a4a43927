/**
 * Single points of failure for the participation matrix: the (server, room)
 * cells where that server is the only one that can authorise joins into the room
 * through some allowed room (the resilience analysis of the scenario at t = 0,
 * each server by its own implementation's notion). Worked out once per dataset.
 */
import { analyseResilience } from '../../engine/index';
import type { Dataset } from './dataset';
import { cellKey } from './participation';

/** cellKey(server, room) → the allowed rooms through which that server alone authorises. */
export type SinglePoints = ReadonlyMap<string, readonly string[]>;

const cache = new WeakMap<Dataset, SinglePoints>();

/**
 * Above this many rooms the marks are left out: the analysis covers every room
 * (about 2.5 s of CPU for 100 000 on the development machine) and would hold the
 * page, while the matrix shows a dozen rooms; `fedsim resilience` has them all.
 */
export const MAX_ROOMS_FOR_MARKS = 20_000;

export function singlePointsOf(dataset: Dataset): SinglePoints {
  const cached = cache.get(dataset);
  if (cached) return cached;
  const points = new Map<string, string[]>();
  if (dataset.scenario && dataset.scenario.rooms.length <= MAX_ROOMS_FOR_MARKS) {
    for (const advice of analyseResilience(dataset.scenario).advice) {
      const only = advice.authorisers[0];
      if (advice.authorisers.length !== 1 || only === undefined) continue;
      const key = cellKey(only.server, advice.room);
      points.set(key, [...(points.get(key) ?? []), advice.allowed]);
    }
  }
  cache.set(dataset, points);
  return points;
}
