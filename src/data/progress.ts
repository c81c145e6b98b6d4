// A progress bar for training epochs (cli-progress): loss, accuracy and samples/s as it goes.
// Silent when the stream is not a terminal (CI logs, pipes) or when asked to be quiet.
import cliProgress from "cli-progress";

export interface ProgressValues {
  loss: number;
  accuracy?: number;
  samplesPerSecond: number;
}

export interface Progress {
  update(step: number, values: ProgressValues): void;
  stop(): void;
}

/** Where the bar is drawn: process.stderr by default, or any TTY write stream. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export function epochProgress(options: {
  label: string;
  total: number;
  quiet?: boolean;
  stream?: ProgressStream;
}): Progress {
  const stream = (options.stream ?? process.stderr) as NodeJS.WriteStream;
  if (options.quiet || !stream.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${options.label} {bar} {percentage}% | loss {loss} | accuracy {accuracy} | {speed} samples/s`,
      stream,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(options.total, 0, { loss: "-", accuracy: "-", speed: "-" });
  return {
    update(step, { loss, accuracy, samplesPerSecond }) {
      bar.update(step, {
        loss: loss.toFixed(4),
        accuracy: accuracy === undefined ? "-" : `${(100 * accuracy).toFixed(1)}%`,
        speed: Math.round(samplesPerSecond).toLocaleString("en-US"),
      });
    },
    stop() {
      bar.stop();
    },
  };
}
