/**
 * Colours for answer categories from the Okabe-Ito palette, which stays
 * distinguishable with the common colour-vision deficiencies. Colour is never the
 * only cue: every view also prints the errcode or status as text.
 */
import { ANSWER_NONE, ANSWER_OK, ANSWER_SKIPPED } from './answers';

export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  grey: '#8C8C8C',
} as const;

const FIXED: Record<string, string> = {
  [ANSWER_OK]: OKABE_ITO.bluishGreen,
  M_UNABLE_TO_AUTHORISE_JOIN: OKABE_ITO.orange,
  M_UNABLE_TO_GRANT_JOIN: OKABE_ITO.skyBlue,
  M_CANNOT_ALLOW: OKABE_ITO.skyBlue,
  M_FORBIDDEN: OKABE_ITO.vermillion,
  [ANSWER_NONE]: OKABE_ITO.grey,
  [ANSWER_SKIPPED]: OKABE_ITO.grey,
};

/** The colour of an answer category; other errors share reddish purple. */
export function colourOf(answer: string): string {
  return FIXED[answer] ?? OKABE_ITO.reddishPurple;
}

/** Colours for node roles that are not answers. */
export const ROLE_COLOURS = {
  joiner: OKABE_ITO.blue,
  pending: OKABE_ITO.yellow,
  idle: '#FFFFFF',
} as const;
