/**
 * Suggestions for a text filter over many names (10,000 rooms, 1,000 servers):
 * the datalist holds only the first few names that contain what was typed, so
 * the page never builds thousands of options.
 */
import { el } from '../dom';

const MAX_SUGGESTIONS = 40;

export function mountSuggestions(input: HTMLInputElement, list: HTMLDataListElement, names: () => readonly string[]): void {
  const refresh = (): void => {
    const typed = input.value.trim().toLowerCase();
    const found: string[] = [];
    for (const name of names()) {
      if (!typed || name.toLowerCase().includes(typed)) found.push(name);
      if (found.length >= MAX_SUGGESTIONS) break;
    }
    list.replaceChildren(...found.map((name) => el('option', { value: name })));
  };
  input.addEventListener('input', refresh);
  input.addEventListener('focus', refresh);
}
