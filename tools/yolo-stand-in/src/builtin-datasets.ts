// The small datasets Ultralytics downloads by name (coco8.yaml, dota8.yaml, imagenet10, …). The
// real CLI fetches them; the stand-in knows their class names and sizes, so `yolo train` without
// `data=` (which defaults to coco8.yaml) works offline as it would online.

const cocoNames = [
  'person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat', 'traffic light',
  'fire hydrant', 'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow',
  'elephant', 'bear', 'zebra', 'giraffe', 'backpack', 'umbrella', 'handbag', 'tie', 'suitcase', 'frisbee',
  'skis', 'snowboard', 'sports ball', 'kite', 'baseball bat', 'baseball glove', 'skateboard', 'surfboard',
  'tennis racket', 'bottle', 'wine glass', 'cup', 'fork', 'knife', 'spoon', 'bowl', 'banana', 'apple',
  'sandwich', 'orange', 'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake', 'chair', 'couch',
  'potted plant', 'bed', 'dining table', 'toilet', 'tv', 'laptop', 'mouse', 'remote', 'keyboard', 'cell phone',
  'microwave', 'oven', 'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase', 'scissors', 'teddy bear',
  'hair drier', 'toothbrush',
];

const dotaNames = [
  'plane', 'ship', 'storage tank', 'baseball diamond', 'tennis court', 'basketball court', 'ground track field',
  'harbor', 'bridge', 'large vehicle', 'small vehicle', 'helicopter', 'roundabout', 'soccer ball field',
  'swimming pool',
];

const imagenet10Names = [
  'n01440764', 'n02102040', 'n02979186', 'n03000684', 'n03028079', 'n03394916', 'n03417042', 'n03425413',
  'n03445777', 'n03888605',
];

export interface BuiltinDataset {
  names: readonly string[];
  trainImages: number;
  valImages: number;
  valInstances: number;
}

export const builtinDatasets: ReadonlyMap<string, BuiltinDataset> = new Map([
  ['coco8.yaml', { names: cocoNames, trainImages: 4, valImages: 4, valInstances: 17 }],
  ['coco8-seg.yaml', { names: cocoNames, trainImages: 4, valImages: 4, valInstances: 17 }],
  ['coco8-pose.yaml', { names: ['person'], trainImages: 4, valImages: 4, valInstances: 14 }],
  ['coco128.yaml', { names: cocoNames, trainImages: 128, valImages: 128, valInstances: 929 }],
  ['coco128-seg.yaml', { names: cocoNames, trainImages: 128, valImages: 128, valInstances: 929 }],
  ['dota8.yaml', { names: dotaNames, trainImages: 4, valImages: 4, valInstances: 93 }],
  ['imagenet10', { names: imagenet10Names, trainImages: 10, valImages: 10, valInstances: 10 }],
]);
