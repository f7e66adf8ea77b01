import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { ValidationContext, ValidationResult } from '../../shared/scenario/validate';
import { TemplateRenderError, type MessageContext, type RenderOptions } from '../../shared/templates/render';
import { COMPILED, DIST, fromRoot } from '../infra/paths';
import { reviveError, UnsendableDataError, type JobName, type JobResult, type Jobs } from './jobs';

export { UnsendableDataError } from './jobs';

/** The pool stopped a job that ran past its time: the worker was terminated and replaced. */
export class TemplateTimeoutError extends TemplateRenderError {
  readonly text: { ru: string; en: string };

  constructor(readonly timeoutMs: number) {
    const seconds = { ru: String(timeoutMs / 1000).replace('.', ','), en: String(timeoutMs / 1000) };
    super(`template work took longer than ${seconds.en} s and was stopped`);
    this.name = 'TemplateTimeoutError';
    this.text = { ru: `обработка текста заняла больше ${seconds.ru} с и была остановлена`, en: `processing the text took longer than ${seconds.en} s and was stopped` };
  }
}

/** Every worker is busy and the queue is full: refused at once rather than queued without end. */
export class TemplatePoolBusyError extends Error {
  readonly text = {
    ru: 'Сервер сейчас занят обработкой текстов сообщений; повторите через несколько секунд',
    en: 'The server is busy processing message texts; try again in a few seconds',
  };

  constructor() {
    super('template pool is busy: every worker is taken and the queue is full');
    this.name = 'TemplatePoolBusyError';
  }
}

export interface TemplatePoolOptions {
  /** Worker threads; default one per spare core, 2 to 4. */
  size?: number;
  /** A job running longer than this is stopped: its worker is terminated and replaced. Default 2 s. */
  timeoutMs?: number;
  /** Jobs that may wait for a worker; more are refused with `TemplatePoolBusyError`. Default 100. */
  maxQueue?: number;
}

interface Job {
  id: number;
  name: JobName;
  args: unknown[];
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer: ReturnType<typeof setTimeout> | null;
}

/** How long a new worker may take to load (from sources: tsx), LiquidJS and the validator before it counts as broken. */
const START_TIMEOUT_MS = 30_000;
const WORKER_SCRIPT = COMPILED ? join(DIST.server, 'template-thread.js') : fromRoot('server', 'templates', 'worker.mjs');

/**
 * Worker threads that render and validate message templates off the event loop. Each job gets `timeoutMs`; a
 * worker that overruns it is terminated and replaced, so no template can hold a thread, let alone the API. The
 * deterministic template budget already keeps every job to milliseconds: the timeout is the backstop.
 */
export class TemplatePool {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly maxQueue: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: TemplatePoolOptions = {}) {
    this.size = options.size ?? Math.min(4, Math.max(2, availableParallelism() - 1));
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.maxQueue = options.maxQueue ?? 100;
  }

  /** Renders a message text (see `renderTemplate`; the default budget applies). */
  render(template: string, context: MessageContext, options: Omit<RenderOptions, 'budget'>): Promise<string> {
    return this.run('render', template, context, options);
  }

  /** Validates a scenario document (see `validateScenario`). */
  validate(input: unknown, context?: ValidationContext): Promise<ValidationResult> {
    return this.run('validate', input, context);
  }

  run<K extends JobName>(name: K, ...args: Parameters<Jobs[K]>): Promise<ReturnType<Jobs[K]>> {
    if (this.closed) return Promise.reject(new Error('template pool is closed'));
    const idle = this.slots.some((s) => s.ready && !s.job);
    if (!idle && this.queue.length >= this.maxQueue) return Promise.reject(new TemplatePoolBusyError());
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, name, args, resolve: resolve as (value: unknown) => void, reject });
      this.pump();
    });
  }

  /** Stops every worker; jobs still waiting or running fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('template pool is closed'));
    await Promise.all([...this.slots].map((slot) => this.retire(slot, new Error('template pool is closed'))));
  }

  private pump(): void {
    // Workers that are starting or idle will take waiting jobs; start more only for the rest.
    const free = this.slots.filter((s) => !s.ready || !s.job).length;
    for (let i = free; i < this.queue.length && this.slots.length < this.size; i++) this.spawn();
    for (const slot of this.slots) {
      while (slot.ready && !slot.job && this.queue.length > 0) this.dispatch(slot, this.queue.shift()!);
    }
    // Workers keep the process alive only while there is work for them.
    for (const slot of this.slots) {
      if (slot.job || (!slot.ready && this.queue.length > 0)) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  private spawn(): void {
    const worker = new Worker(WORKER_SCRIPT, { resourceLimits: { maxOldGenerationSizeMb: 256 } });
    const slot: Slot = { worker, ready: false, job: null, timer: null };
    this.slots.push(slot);
    slot.timer = setTimeout(() => void this.retire(slot, new Error('a template worker did not start')), START_TIMEOUT_MS);
    slot.timer.unref();
    worker.on('message', (message: { ready: true } | JobResult) => {
      if ('ready' in message) {
        clearTimeout(slot.timer!);
        slot.ready = true;
        this.pump();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      clearTimeout(slot.timer!);
      slot.job = null;
      if (message.ok) job.resolve(message.value);
      else job.reject(reviveError(message.error));
      this.pump();
    });
    worker.on('error', (error) => void this.retire(slot, error));
    worker.on('exit', () => void this.retire(slot, new Error('a template worker stopped')));
  }

  private dispatch(slot: Slot, job: Job): void {
    try {
      slot.worker.postMessage({ id: job.id, name: job.name, args: job.args });
    } catch (error) {
      job.reject(new UnsendableDataError(error));
      return;
    }
    slot.job = job;
    slot.timer = setTimeout(() => void this.retire(slot, new TemplateTimeoutError(this.timeoutMs)), this.timeoutMs);
  }

  /** Takes a worker out (stuck, crashed or closing); its job fails with `error`, others go on with a new worker. */
  private async retire(slot: Slot, error: Error): Promise<void> {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    clearTimeout(slot.timer!);
    slot.job?.reject(error);
    slot.job = null;
    // A worker that cannot start will not start for the jobs waiting either: unless another one runs, tell them now
    // rather than start workers in a loop.
    if (!slot.ready && !this.slots.some((s) => s.ready)) for (const job of this.queue.splice(0)) job.reject(error);
    this.pump();
    await slot.worker.terminate();
  }
}

let shared: TemplatePool | null = null;

/** The process's template pool, started on first use (worker threads start when the first job arrives). */
export function templatePool(): TemplatePool {
  shared ??= new TemplatePool();
  return shared;
}
