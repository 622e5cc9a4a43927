/**
 * Colours for answer categories and roles, from the Okabe-Ito palette with a
 * dark grey for silence and a dark gold for "waiting", chosen so every pair stays
 * apart under protanopia, deuteranopia and tritanopia (test/viz/palette.test.ts
 * simulates them). Colour is never the only cue: every view also prints the
 * errcode or status, and answer classes carry a shape (answers.ts `shapeOf`).
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

/** Silence is darker than any answer, so "no answer" never reads as a muted "200". */
export const SILENCE = '#4D4D4D';
/** A dark gold-brown (contrast ≥ 3 on white): Okabe-Ito's yellow vanishes on white. */
export const WAITING = '#806030';

// A Map: errcodes come from files, and one called `constructor` must not find Object's.
const FIXED = new Map<string, string>([
  [ANSWER_OK, OKABE_ITO.bluishGreen],
  ['M_UNABLE_TO_AUTHORISE_JOIN', OKABE_ITO.orange],
  ['M_UNABLE_TO_GRANT_JOIN', OKABE_ITO.skyBlue],
  ['M_CANNOT_ALLOW', OKABE_ITO.skyBlue],
  ['M_FORBIDDEN', OKABE_ITO.vermillion],
  [ANSWER_NONE, SILENCE],
  [ANSWER_SKIPPED, SILENCE],
]);

/** The colour every other error shares. */
export const OTHER_ERROR = OKABE_ITO.reddishPurple;

/** The colour of an answer category; other errors share reddish purple. */
export function colourOf(answer: string): string {
  return FIXED.get(answer) ?? OTHER_ERROR;
}

/** Colours for node roles that are not answers. */
export const ROLE_COLOURS = {
  joiner: OKABE_ITO.blue,
  pending: WAITING,
  idle: '#FFFFFF',
} as const;

/** Every colour that stands for something, by what it stands for: the set the colour-vision test checks pair by pair. */
export const MEANINGFUL_COLOURS: ReadonlyMap<string, string> = new Map([
  ['200', OKABE_ITO.bluishGreen],
  ['M_UNABLE_TO_AUTHORISE_JOIN', OKABE_ITO.orange],
  ['M_UNABLE_TO_GRANT_JOIN', OKABE_ITO.skyBlue],
  ['M_FORBIDDEN', OKABE_ITO.vermillion],
  ['other error', OTHER_ERROR],
  ['no answer', SILENCE],
  ['joining server', ROLE_COLOURS.joiner],
  ['waiting', ROLE_COLOURS.pending],
]);
