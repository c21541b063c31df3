import { formatFixed } from './python-format.ts';
import { ultralyticsFrame, YoloError } from './yolo-error.ts';
import type { PythonFrame } from './yolo-error.ts';

// The exceptions a training run dies with, worded as PyTorch and Ultralytics word them, with
// the frames a real traceback would show. The knobs (YOLO_STANDIN_*_AT_EPOCH) raise them.

const sitePackages = '/usr/local/lib/python3.12/site-packages';

/** entrypoint → Model.train → BaseTrainer.train → _do_train. */
export const trainFrames: readonly PythonFrame[] = [
  ultralyticsFrame('cfg/__init__.py', 1030, 'entrypoint', 'getattr(model, mode)(**overrides)  # default args from model'),
  ultralyticsFrame('engine/model.py', 800, 'train', 'self.trainer.train()'),
  ultralyticsFrame('engine/trainer.py', 235, 'train', 'self._do_train()'),
];

/** `torch.OutOfMemoryError` in the forward pass, sized to the batch that did not fit. */
export function buildCudaOutOfMemoryError(batch: number, imgsz: number): YoloError {
  const tried = Math.max(0.02, (batch * (imgsz / 640) ** 2) / 10);
  return new YoloError(
    'torch.OutOfMemoryError',
    `CUDA out of memory. Tried to allocate ${formatFixed(tried, 2)} GiB. GPU 0 has a total capacity of 23.99 GiB of which ${formatFixed(tried * 0.4, 2)} GiB is free. ` +
      'Including non-PyTorch memory, this process has 23.57 GiB memory in use. Of the allocated memory 22.31 GiB is allocated by PyTorch, and 842.17 MiB is reserved by PyTorch but unallocated. ' +
      'If reserved but unallocated memory is large try setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.  ' +
      'See documentation for Memory Management  (https://pytorch.org/docs/stable/notes/cuda.html#environment-variables)',
    {
      frames: [
        ...trainFrames,
        ultralyticsFrame('engine/trainer.py', 414, '_do_train', 'loss, self.loss_items = self.model(batch)'),
        { file: `${sitePackages}/torch/nn/modules/module.py`, line: 1775, scope: '_wrapped_call_impl', code: 'return self._call_impl(*args, **kwargs)' },
        { file: `${sitePackages}/torch/nn/modules/conv.py`, line: 543, scope: '_conv_forward', code: 'return F.conv2d(' },
      ],
    },
  );
}

/** A generic mid-training crash: a dataloader worker dying, the commonest one in pods. */
export function buildDataLoaderFailure(): YoloError {
  return new YoloError('RuntimeError', 'DataLoader worker (pid(s) 4242) exited unexpectedly', {
    frames: [
      ...trainFrames,
      ultralyticsFrame('engine/trainer.py', 387, '_do_train', 'for i, batch in pbar:'),
      { file: `${sitePackages}/torch/utils/data/dataloader.py`, line: 1300, scope: '_try_get_data', code: "raise RuntimeError(f'DataLoader worker (pid(s) {pids_str}) exited unexpectedly') from e" },
    ],
  });
}

/** The trainer's NaN recovery giving up (`_handle_nan_recovery`). */
export function buildNanRecoveryError(message: string): YoloError {
  return new YoloError('RuntimeError', message, {
    frames: [...trainFrames, ultralyticsFrame('engine/trainer.py', 1135, '_handle_nan_recovery', 'raise RuntimeError(')],
  });
}
