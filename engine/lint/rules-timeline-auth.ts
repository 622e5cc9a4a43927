/**
 * Lint for timeline state changes the auth rules will refuse (a run does not
 * apply them and lists them in the report's rejectedActions): the sender lacks
 * the power the change needs, or a power-levels change touches a level or a
 * user above what the sender may change (spec "If type is m.room.power_levels";
 * v12 creators). Power levels are followed through the timeline: a change lint
 * expects to pass is the state the next one meets. Memberships are not followed
 * (a sender may join first), so only power decides here.
 */
import { powerOf, type PowerSource } from '../matrix/auth-rules';
import { serverOf } from '../matrix/ids';
import { banLevel, inviteLevel, stateEventLevel } from '../matrix/power-levels';
import { powerLevelsChangeRejection } from '../matrix/power-levels-auth';
import type { LintFinding } from '../report/types';
import type { PowerLevelsContent, TimelineAction } from '../scenario/types';
import { finding } from './codes';
import type { LintFacts } from '../facts/index';

type StateChange = Extract<TimelineAction, { do: 'setPowerLevels' | 'setJoinRules' | 'invite' | 'ban' }>;

function isStateChange(action: TimelineAction): action is StateChange {
  return action.do === 'setPowerLevels' || action.do === 'setJoinRules' || action.do === 'invite' || action.do === 'ban';
}

/** Why the rules will refuse `action` under `room`'s power levels, or null. */
function refusal(room: PowerSource, action: StateChange): string | null {
  const power = powerOf(room, action.sender);
  const levels = room.powerLevels;
  switch (action.do) {
    case 'setPowerLevels': {
      const needed = stateEventLevel(levels, 'm.room.power_levels');
      if (power < needed) return `${action.sender} has power ${power}, below the ${needed} needed for m.room.power_levels`;
      return powerLevelsChangeRejection(room, action.sender, action.content)?.reason ?? null;
    }
    case 'setJoinRules': {
      const needed = stateEventLevel(levels, 'm.room.join_rules');
      return power < needed ? `${action.sender} has power ${power}, below the ${needed} needed for m.room.join_rules` : null;
    }
    case 'invite':
      return power < inviteLevel(levels) ? `${action.sender} has power ${power}, below the invite level ${inviteLevel(levels)}` : null;
    case 'ban':
      if (power < banLevel(levels)) return `${action.sender} has power ${power}, below the ban level ${banLevel(levels)}`;
      return powerOf(room, action.user) >= power && action.user !== action.sender ? `${action.sender} cannot ban ${action.user}, whose power is not below theirs` : null;
  }
}

export function lintTimelineStateChanges(facts: LintFacts): LintFinding[] {
  const out: LintFinding[] = [];
  // The timeline runs in time order, ties in file order.
  const changes = facts.scenario.timeline.filter(isStateChange).sort((a, b) => a.at - b.at || a.index - b.index);
  const levelsOf = new Map<string, PowerLevelsContent>();
  for (const action of changes) {
    const room = facts.roomsById.get(action.room);
    if (room === undefined) continue;
    const source: PowerSource = { ...room.view, powerLevels: levelsOf.get(action.room) ?? room.spec.powerLevels };
    const why = refusal(source, action);
    if (why === null) {
      if (action.do === 'setPowerLevels') levelsOf.set(action.room, action.content);
      continue;
    }
    out.push(
      finding(
        'timeline-change-rejected',
        action.room,
        `timeline[${action.index}] ${action.do} at ${action.at} ms will be rejected by the auth rules: ${why}. The run does not apply it (the report's rejectedActions lists it).`,
        [serverOf(action.sender)],
        `have a user with enough power send it, or change it to stay within ${action.sender}'s power`,
      ),
    );
  }
  return out;
}
