// Types for scripts/code-server.mjs (used by tests/e2e and scripts/demo.mjs).
import type { ChildProcess } from 'node:child_process';

export const root: string;
export const CODE_SERVER_VERSION: string;
export const codeServerDir: string;
export const codeServerEntry: string;

export interface Profile {
  base: string;
  userDataDir: string;
  extensionsDir: string;
  xdgData: string;
  xdgConfig: string;
  config: string;
}

export interface RunningCodeServer {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function codeServerInstalled(): boolean;
export function ensureCodeServer(opts?: { log?: (m: string) => void }): string | undefined;
export function freePort(): Promise<number>;
export function makeProfile(base?: string, settings?: Record<string, unknown>): Profile;
export function installExtension(profile: Profile, vsix: string): string;
export function startCodeServer(opts: {
  profile: Profile;
  folder?: string;
  port?: number;
  env?: Record<string, string>;
  extraArgs?: string[];
  log?: (chunk: string) => void;
}): Promise<RunningCodeServer>;
