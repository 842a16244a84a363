// The step player: Play walks the trace one step every PLAY_INTERVAL_MS and stops at the last step.

import { goToStep, nextPlayIndex, type ViewState } from './viewModel';

const PLAY_INTERVAL_MS = 600;

/** How the player reads and moves the view: `move` changes the step without side effects, `render` draws. */
export interface PlayerView {
  state(): ViewState;
  move(next: ViewState): void;
  render(): void;
}

export class StepPlayer {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly view: PlayerView) {}

  get playing(): boolean {
    return this.timer !== undefined;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Play / pause (Space, the Play button). Playing from the last step starts from the first. */
  toggle(): void {
    const state = this.view.state();
    if (!state.trace || state.trace.steps.length === 0) return;
    if (this.playing) {
      this.stop();
      this.view.render();
      return;
    }
    if (nextPlayIndex(state) === null) this.view.move(goToStep(state, 0));
    this.timer = setInterval(() => this.advance(), PLAY_INTERVAL_MS);
    this.view.render();
  }

  private advance(): void {
    const state = this.view.state();
    const next = nextPlayIndex(state);
    if (next === null) this.stop();
    else this.view.move(goToStep(state, next));
    this.view.render();
  }
}
