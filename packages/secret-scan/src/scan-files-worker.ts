/**
 * Worker of path mode (see `scanFiles`): started while the files are still being listed, it waits
 * for the list, then takes file indices from the counter it shares with the main thread, scans
 * those files and posts what it found (the files the prefilter let through are left to the main
 * thread) and the files it could not read.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type FileListPart, scanFileList } from "./scan-file-list.js";

export interface ScanFilesWorkerData {
  maxFileBytes: number;
  /** Int32 slot 0: the next index to take. */
  counter: SharedArrayBuffer;
}

/** The one message the worker receives: every file of the scan (it takes some of them). */
export interface ScanFilesWorkerList {
  files: string[];
  displays: string[];
}

export interface ScanFilesWorkerMessage {
  part: FileListPart;
}

const data = workerData as ScanFilesWorkerData;
const counter = new Int32Array(data.counter);
parentPort?.once("message", ({ files, displays }: ScanFilesWorkerList) => {
  const take = () => {
    const i = Atomics.add(counter, 0, 1);
    return i < files.length ? i : -1;
  };
  const message: ScanFilesWorkerMessage = {
    part: scanFileList({ files, displays, maxFileBytes: data.maxFileBytes, take, deferText: true }),
  };
  parentPort?.postMessage(message);
});
