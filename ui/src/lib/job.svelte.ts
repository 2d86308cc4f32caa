import { Channel } from "@tauri-apps/api/core";
import type { JobProgress } from "./api/types";
import { api } from "./api/client";

/** The long operation that is running (an export or a report), for the progress bar. */
export const job = $state({ id: "", label: "", done: 0, total: 0, cancelling: false });

let counter = 0;

/**
 * Runs a long command as a job: `start` gets the job's id and a channel the backend sends
 * progress on; the bar shows it until the command ends. `cancelJob` asks it to stop.
 */
export async function runJob<T>(label: string, start: (id: string, progress: Channel<JobProgress>) => Promise<T>): Promise<T> {
  counter += 1;
  const id = `job-${Date.now()}-${counter}`;
  const channel = new Channel<JobProgress>();
  channel.onmessage = (p) => {
    if (job.id === id) {
      job.done = p.done;
      job.total = p.total;
    }
  };
  Object.assign(job, { id, label, done: 0, total: 0, cancelling: false });
  try {
    return await start(id, channel);
  } finally {
    if (job.id === id) Object.assign(job, { id: "", label: "", done: 0, total: 0, cancelling: false });
  }
}

export async function cancelJob(): Promise<void> {
  if (!job.id) return;
  job.cancelling = true;
  await api.cancelJob(job.id);
}
