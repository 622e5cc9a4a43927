/**
 * The implementation profiles, by the name a scenario's `implementation` field
 * uses. A profile is built from settings (each implementation's defaults with the
 * scenario's `profileSettings` over them), so a scenario can try an UNVERIFIED
 * behaviour the other way.
 */
import type { ImplementationName } from '../scenario/types';
import { createConduwuitJoiner } from './conduwuit/joiner';
import { createConduwuitResident } from './conduwuit/resident';
import { createDendriteJoiner } from './dendrite/joiner';
import { createDendriteResident } from './dendrite/resident';
import type { ImplementationProfile, JoinerProfile, ResidentProfile } from './profile';
import { DEFAULT_SETTINGS, checkProfileSettings, resolveSettings, type ProfileSettings } from './settings';
import { createSpecResident } from './spec/resident';
import { createSynapseJoiner } from './synapse/joiner';
import { createSynapseResident } from './synapse/resident';
import { createTuwunelJoiner } from './tuwunel/joiner';

interface ProfileBlueprint {
  description: string;
  resident: (settings: ProfileSettings) => ResidentProfile;
  joiner: (settings: ProfileSettings) => JoinerProfile;
}

const BLUEPRINTS: Readonly<Record<string, ProfileBlueprint>> = {
  synapse: {
    description: 'Synapse (current): GRANT before the allow check; joiner fails over on 404/AUTHORISE/GRANT/5xx/429/no answer, aborts on 403',
    resident: createSynapseResident,
    joiner: createSynapseJoiner,
  },
  'synapse-1.77': {
    description: 'Synapse before v1.78: as synapse, but a 404 M_NOT_FOUND from a resident ends the join and UNABLE_* must be exactly HTTP 400',
    resident: createSynapseResident,
    joiner: createSynapseJoiner,
  },
  dendrite: {
    description: 'Dendrite: unknown room 500; never GRANT (403 or AUTHORISE); authoriser from the allowed room; joiner tries make_join+send_join per server, moves on after any error',
    resident: createDendriteResident,
    joiner: createDendriteJoiner,
  },
  conduwuit: {
    description: 'conduwuit: AUTHORISE where Synapse says 403; invites still checked; joiner shuffles candidates, moves on after any make_join error, send_join only at that server',
    resident: createConduwuitResident,
    joiner: createConduwuitJoiner,
  },
  tuwunel: {
    description: 'tuwunel: as conduwuit, but invited users skip the allow check; joiner shuffles the via list (deprioritised servers last), up to 48 make_join attempts, and tries the whole join up to 3 times',
    resident: createConduwuitResident,
    joiner: createTuwunelJoiner,
  },
  spec: {
    description: 'The spec text: 403 for a user ruled out before the grant question; otherwise as synapse',
    resident: createSpecResident,
    joiner: createSynapseJoiner,
  },
};

/**
 * Builds the profile `name` with `overrides` over its default settings, or
 * undefined when this build has none by that name. Throws on bad overrides; check
 * them first with checkProfileSettings.
 */
export function createProfile(name: ImplementationName | string, overrides?: Readonly<Record<string, unknown>>): ImplementationProfile | undefined {
  const blueprint = BLUEPRINTS[name];
  if (!blueprint) return undefined;
  const problems = checkProfileSettings(overrides ? { [name]: overrides } : undefined);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const settings = resolveSettings(name, overrides);
  return { name, description: blueprint.description, resident: blueprint.resident(settings), joiner: blueprint.joiner(settings), settings };
}

const DEFAULT_PROFILES = new Map<string, ImplementationProfile>();

/** The profile for `name` with its default settings, or undefined when this build has none by that name. */
export function findProfile(name: ImplementationName | string): ImplementationProfile | undefined {
  let profile = DEFAULT_PROFILES.get(name);
  if (!profile) {
    profile = createProfile(name);
    if (profile) DEFAULT_PROFILES.set(name, profile);
  }
  return profile;
}

/** The default Synapse profile. */
export const synapseProfile: ImplementationProfile = findProfile('synapse') as ImplementationProfile;

/** Names of the profiles this build has. */
export function profileNames(): string[] {
  return Object.keys(BLUEPRINTS);
}

export { DEFAULT_SETTINGS, checkProfileSettings, type ProfileSettings };
