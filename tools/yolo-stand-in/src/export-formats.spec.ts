import { describe, expect, it } from 'vitest';
import { buildExportPlan, resolveExportFormat, validateExportArguments } from './export-formats.ts';
import { catchYoloError } from './testing/catch-yolo-error.ts';

const plan = (format: string, weights = 'runs/detect/train/weights/best.pt', extra = {}) =>
  buildExportPlan(resolveExportFormat(format).spec, { weights, int8: false, half: false, ...extra }).map((step) => step.output);

describe('export formats', () => {
  it('put the output where Ultralytics puts it, next to the weights', () => {
    expect(plan('onnx')).toEqual(['runs/detect/train/weights/best.onnx']);
    expect(plan('torchscript')).toEqual(['runs/detect/train/weights/best.torchscript']);
    expect(plan('openvino')).toEqual(['runs/detect/train/weights/best_openvino_model']);
    expect(plan('openvino', undefined, { int8: true })).toEqual(['runs/detect/train/weights/best_int8_openvino_model']);
    expect(plan('engine')).toEqual(['runs/detect/train/weights/best.onnx', 'runs/detect/train/weights/best.engine']);
    expect(plan('coreml')).toEqual(['runs/detect/train/weights/best.mlpackage']);
    expect(plan('tflite').at(-1)).toBe('runs/detect/train/weights/best_saved_model/best_float32.tflite');
    expect(plan('tflite', 'best.pt', { half: true }).at(-1)).toBe('best_saved_model/best_float16.tflite');
    expect(plan('ncnn', './last.pt')).toEqual(['last_ncnn_model']);
  });

  it('accept aliases and correct a near miss with a warning', () => {
    expect(resolveExportFormat('TensorRT').spec.argument).toBe('engine');
    expect(resolveExportFormat('mlpackage').spec.argument).toBe('coreml');
    expect(resolveExportFormat('onx')).toMatchObject({ spec: { argument: 'onnx' }, warning: "Invalid export format='onx', updating to format='onnx'" });
  });

  it('refuse an unknown format, listing the valid ones', () => {
    const error = catchYoloError(() => resolveExportFormat('keras2'));
    expect(error.pythonType).toBe('ValueError');
    expect(error.message).toBe(
      "Invalid export format='keras2'. Valid formats are ('torchscript', 'onnx', 'openvino', 'engine', 'coreml', 'saved_model', 'pb', 'tflite', 'edgetpu', 'tfjs', 'paddle', 'mnn', 'ncnn', 'imx', 'rknn', 'executorch', 'axelera')",
    );
    expect(catchYoloError(() => resolveExportFormat('pt')).message.startsWith('Model is already in PyTorch format. Valid formats are (')).toBe(true);
  });

  it('refuse an export argument the format does not take', () => {
    const error = catchYoloError(() =>
      validateExportArguments(resolveExportFormat('torchscript').spec, { half: false, int8: true, dynamic: false, keras: false, nms: false, batch: 1, fraction: 1 }),
    );
    expect(error.pythonType).toBe('AssertionError');
    expect(error.message).toBe("ERROR ❌️ argument 'int8' is not supported for format='torchscript'");
  });
});
