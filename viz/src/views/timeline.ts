/**
 * The timeline: scrub, step and play through simulated time. Left/right step to
 * the previous/next moment something happened, space plays or pauses, Home/End
 * jump to the ends. Playing is a wall-clock shell around `t`; the model never
 * sees the wall clock.
 */
import { momentsOf, stepMoment } from '../../model/timeline';
import { networkEventsOf, type NetworkEventKind } from '../../model/network-events';
import { el } from '../dom';
import type { Store } from '../store';

const MARK_GLYPHS: Record<NetworkEventKind, string> = { crash: '✕', recover: '↑', partition: '‖', heal: '=' };
/** Marks drawn at most: past that they would be a solid bar. */
const MAX_MARKS = 300;

/** A whole run plays in about this long, however long it is in simulated time. */
const PLAY_SECONDS = 8;

export function mountTimeline(host: HTMLElement, store: Store): void {
  const back = el('button', { type: 'button', id: 'step-back', 'aria-label': 'Step back to the previous event', title: 'Previous event (←)' }, '◀ Prev');
  const play = el('button', { type: 'button', id: 'play', 'aria-label': 'Play', title: 'Play / pause (space)' }, '▶ Play');
  const forward = el('button', { type: 'button', id: 'step-forward', 'aria-label': 'Step to the next event', title: 'Next event (→)' }, 'Next ▶');
  const range = el('input', { type: 'range', id: 'time', min: '0', max: '0', step: '1', value: '0', 'aria-label': 'Simulated time in milliseconds' });
  const label = el('output', { id: 'time-label', for: 'time' });
  // Crashes, recoveries, partitions and heals as marks above the slider.
  const marks = el('div', { class: 'timeline-marks', id: 'timeline-marks', 'aria-label': 'Network events' });
  const track = el('div', { class: 'timeline-track' });
  track.append(marks, range);
  host.append(back, play, forward, track, label);
  let marksFor: object | null = null;
  const drawMarks = (): void => {
    const dataset = store.get().dataset;
    if (dataset === marksFor) return;
    marksFor = dataset;
    marks.replaceChildren();
    if (!dataset) return;
    const end = Math.max(1, dataset.report.endedAt);
    for (const event of networkEventsOf(dataset).slice(0, MAX_MARKS)) {
      const who = event.servers.length ? `: ${event.servers.slice(0, 12).join(', ')}${event.servers.length > 12 ? ', …' : ''}` : '';
      const mark = el('span', { class: `timeline-mark ${event.kind}`, 'data-kind': event.kind, title: `${event.kind} at t = ${event.t} ms${who}` }, MARK_GLYPHS[event.kind]);
      mark.style.left = `${(100 * event.t) / end}%`;
      marks.append(mark);
    }
  };

  let moments: ArrayLike<number> = [];
  let momentsFor: object | null = null;
  const ensureMoments = (): ArrayLike<number> => {
    const dataset = store.get().dataset;
    if (dataset !== momentsFor) {
      momentsFor = dataset;
      moments = dataset ? momentsOf(dataset) : [];
    }
    return moments;
  };
  const step = (direction: 1 | -1): void => store.update({ t: stepMoment(ensureMoments(), store.get().t, direction), playing: false });
  const end = (): number => store.get().dataset?.report.endedAt ?? 0;

  back.addEventListener('click', () => step(-1));
  forward.addEventListener('click', () => step(1));
  play.addEventListener('click', () => togglePlay());
  range.addEventListener('input', () => store.update({ t: Number(range.value), playing: false }));
  const onKey = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') step(event.key === 'ArrowLeft' ? -1 : 1);
    else if (event.key === ' ' || event.key === 'Spacebar') togglePlay();
    else if (event.key === 'Home') store.update({ t: 0, playing: false });
    else if (event.key === 'End') store.update({ t: end(), playing: false });
    else return;
    event.preventDefault();
  };
  range.addEventListener('keydown', onKey);
  host.addEventListener('keydown', (event) => {
    if (event.target !== range && event.target instanceof HTMLButtonElement && event.key !== ' ' && event.key !== 'Enter') onKey(event);
  });

  function togglePlay(): void {
    const { playing, t } = store.get();
    if (playing) store.update({ playing: false });
    else store.update({ playing: true, t: t >= end() ? 0 : t });
  }

  let frame = 0;
  let last = 0;
  const tick = (now: number): void => {
    const state = store.get();
    if (!state.playing) {
      frame = 0;
      return;
    }
    const elapsed = last ? now - last : 0;
    last = now;
    const next = Math.min(end(), state.t + Math.max(1, Math.round((elapsed / 1000) * (end() / PLAY_SECONDS))));
    // Schedule before updating, so render() sees a frame pending and does not start another.
    const keepGoing = next < end();
    frame = keepGoing ? requestAnimationFrame(tick) : 0;
    store.update({ t: next, playing: keepGoing });
  };

  const render = (): void => {
    drawMarks();
    const { t, playing, dataset } = store.get();
    range.max = String(end());
    range.value = String(t);
    range.disabled = !dataset;
    label.textContent = dataset ? `t = ${t} ms of ${end()} ms` : 'no run loaded';
    play.textContent = playing ? '❚❚ Pause' : '▶ Play';
    play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    play.setAttribute('aria-pressed', String(playing));
    if (playing && !frame) {
      last = 0;
      frame = requestAnimationFrame(tick);
    } else if (!playing && frame) {
      cancelAnimationFrame(frame);
      frame = 0;
    }
  };
  store.subscribe(render);
  render();
}
