/**
 * The registry of implementation profiles, by the name a scenario's
 * `implementation` field uses.
 */
import type { ImplementationName } from '../scenario/types';
import type { ImplementationProfile } from './profile';
import { synapseJoiner } from './synapse/joiner';
import { synapseResident } from './synapse/resident';

export const synapseProfile: ImplementationProfile = {
  name: 'synapse',
  description: 'Synapse (current): GRANT before the allow check; joiner fails over on 404/AUTHORISE/GRANT/5xx/429/no answer',
  resident: synapseResident,
  joiner: synapseJoiner,
};

const PROFILES = new Map<string, ImplementationProfile>([['synapse', synapseProfile]]);

/** The profile for `name`, or undefined when this build has none by that name. */
export function findProfile(name: ImplementationName | string): ImplementationProfile | undefined {
  return PROFILES.get(name);
}

/** Names of the profiles this build has. */
export function profileNames(): string[] {
  return [...PROFILES.keys()];
}
