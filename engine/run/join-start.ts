/**
 * Starting a `join` action, and ending the joins a run leaves unfinished or never
 * starts (`until`): each is an input to the join's machine.
 */
import type { JoinInput } from '../federation/join-machine/index';
import type { JoinAction } from '../scenario/types';
import { advance } from './join-effects';
import { createJoinProcess } from './join-process';
import type { JoinProcess } from './join-records';
import type { World } from './world';

/** Starts the join of `action` at the current time; returns its record (already finished if it was decided locally). */
export function startJoin(world: World, action: JoinAction): JoinProcess {
  const join = createJoinProcess(world, action);
  advance(world, join, STARTED);
  return join;
}

/** Ends a join still under way when the run stops (`until`). */
export function abandonJoin(world: World, join: JoinProcess, stoppedAt: number): void {
  advance(world, join, { type: 'stopped', at: stoppedAt });
}

/** A join whose time came after `until`: it is in the report (one entry per join action), but never started. */
export function unstartedJoin(world: World, action: JoinAction, stoppedAt: number): JoinProcess {
  const join = createJoinProcess(world, action);
  advance(world, join, { type: 'stopped', at: stoppedAt });
  return join;
}

/** The input that starts every join (the machine reads inputs and keeps none). */
const STARTED: JoinInput = Object.freeze({ type: 'started' });
