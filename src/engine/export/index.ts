export { exportTfjsModel, buildLayersModel, WEIGHTS_FILE, type TfjsModelFiles } from './tfjs-model';
export { pytorchModule } from './pytorch';
export { readChildWeights, type ChildWeights } from './child-weights';
export { exportOnnxModel, ONNX_INPUT, ONNX_OUTPUT } from './onnx';
