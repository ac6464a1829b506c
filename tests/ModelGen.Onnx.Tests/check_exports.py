#!/usr/bin/env python3
"""Checks every ONNX file the export tests wrote with the ONNX project's own checker (Debian's python3-onnx).

    dotnet test tests/ModelGen.Onnx.Tests -c Release
    /usr/bin/python3 tests/ModelGen.Onnx.Tests/check_exports.py tests/ModelGen.Onnx.Tests/bin/Release/net10.0/onnx-exports

full_check runs the schema checks and shape inference over the whole graph: every operator known in its operator set,
every attribute of the right type, every tensor's shape consistent with the declared inputs and outputs. Prints one line
per file and exits non-zero when any fails. The tests themselves never run Python; this is the second, independent
validation beside ONNX Runtime (which the tests run).
"""
import pathlib
import sys

import onnx
import onnx.checker
import onnx.shape_inference

folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "tests/ModelGen.Onnx.Tests/bin/Release/net10.0/onnx-exports")
files = sorted(folder.glob("*.onnx"))
if not files:
    sys.exit(f"no .onnx files in {folder}: run the export tests first")

print(f"onnx {onnx.__version__}, IR version {onnx.IR_VERSION}, checking {len(files)} files in {folder}")
failed = 0
for path in files:
    model = onnx.load(str(path))
    try:
        onnx.checker.check_model(model, full_check=True)
        inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
        outputs = ", ".join(f"{o.name} {[d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim]}" for o in inferred.graph.output)
        opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
        print(f"ok    {path.name}: {len(model.graph.node)} nodes, opsets {opsets}; outputs {outputs}")
    except Exception as error:  # the checker raises its own ValidationError and InferenceError types
        failed += 1
        print(f"FAIL  {path.name}: {error}")
sys.exit(1 if failed else 0)
