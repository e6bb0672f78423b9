using Maas.Core;
using Maas.Core.Inference;
using Microsoft.ML.OnnxRuntime;

namespace Maas.Runtime;

/// <summary>
/// Moves tensors between requests and ONNX Runtime. Fixed-size inputs are concatenated into one native buffer with
/// one copy per request slice and outputs are split back with one copy per slice: bytes are never converted element
/// by element, which also makes FP16 and BF16 free. Strings go through ONNX Runtime's string tensor API.
/// </summary>
internal static class OrtTensors
{
    /// <summary>
    /// Creates one input value per signature input, concatenating the requests along dimension 0. The caller owns
    /// the values and disposes them with <see cref="DisposeAll"/>.
    /// </summary>
    public static OrtValue[] CreateInputs(IReadOnlyList<PreparedRequest> requests)
    {
        var count = requests[0].Inputs.Length;
        var values = new OrtValue[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                values[i] = CreateInput(requests, i);
            }
        }
        catch
        {
            DisposeAll(values);
            throw;
        }

        return values;
    }

    public static void DisposeAll(OrtValue?[] values)
    {
        foreach (var value in values)
        {
            value?.Dispose();
        }
    }

    /// <summary>
    /// Copies the outputs of one execution into per-request tensors, splitting along dimension 0 by each request's
    /// rows. A single request receives each output whole, whatever its shape.
    /// </summary>
    public static InferTensor[][] SplitOutputs(IReadOnlyList<OrtValue> outputs, string[] names, IReadOnlyList<PreparedRequest> requests)
    {
        var results = new InferTensor[requests.Count][];
        for (var r = 0; r < results.Length; r++)
        {
            results[r] = new InferTensor[names.Length];
        }

        var totalRows = requests.Sum(r => (long)r.Rows);
        var j = 0;
        foreach (var value in outputs)
        {
            SplitOutput(value, names[j], j, requests, totalRows, results);
            j++;
        }

        return results;
    }

    private static OrtValue CreateInput(IReadOnlyList<PreparedRequest> requests, int index)
    {
        var first = requests[0].Inputs[index];
        var shape = first.Shape;
        if (requests.Count > 1)
        {
            shape = (long[])shape.Clone();
            shape[0] = requests.Sum(r => r.Inputs[index].Shape[0]);
        }

        if (first.Datatype == TensorDataType.BYTES)
        {
            var strings = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
            try
            {
                var k = 0;
                foreach (var request in requests)
                {
                    foreach (var s in request.Inputs[index].Strings!)
                    {
                        strings.StringTensorSetElementAt(s.AsSpan(), k++);
                    }
                }
            }
            catch
            {
                strings.Dispose();
                throw;
            }

            return strings;
        }

        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorTypes.ToElementType(first.Datatype), shape);
        try
        {
            var destination = value.GetTensorMutableRawData();
            var offset = 0;
            foreach (var request in requests)
            {
                var source = request.Inputs[index].Data.Span;
                source.CopyTo(destination[offset..]);
                offset += source.Length;
            }
        }
        catch
        {
            value.Dispose();
            throw;
        }

        return value;
    }

    private static void SplitOutput(OrtValue value, string name, int j, IReadOnlyList<PreparedRequest> requests, long totalRows, InferTensor[][] results)
    {
        if (!value.IsTensor)
        {
            throw new MaasException(ErrorCode.Internal, $"Output '{name}' is not a tensor; only tensor outputs can be served.");
        }

        var info = value.GetTensorTypeAndShape();
        var datatype = TensorTypes.ToDataType(info.ElementDataType)
            ?? throw new MaasException(ErrorCode.Internal, $"Output '{name}' has element type {info.ElementDataType}, which the protocol cannot carry.");
        var shape = info.Shape;
        if (requests.Count == 1)
        {
            results[0][j] = datatype == TensorDataType.BYTES
                ? new InferTensor(name, shape, value.GetStringTensorAsArray())
                : new InferTensor(name, datatype, shape, info.ElementCount == 0 ? Array.Empty<byte>() : value.GetTensorMutableRawData().ToArray());
            return;
        }

        if (shape.Length == 0 || shape[0] != totalRows)
        {
            throw new MaasException(
                ErrorCode.Internal,
                $"Output '{name}' has shape {TensorShapes.Format(shape)}, whose first dimension does not match the batch of {totalRows} rows.");
        }

        var rowElements = TensorShapes.ElementCount(shape.AsSpan(1));
        var strings = datatype == TensorDataType.BYTES ? value.GetStringTensorAsArray() : null;
        var bytes = strings is null && info.ElementCount > 0 ? value.GetTensorMutableRawData() : [];
        var rowBytes = rowElements * datatype.ElementSize();
        long row = 0;
        for (var r = 0; r < requests.Count; r++)
        {
            var rows = requests[r].Rows;
            var sliceShape = (long[])shape.Clone();
            sliceShape[0] = rows;
            results[r][j] = strings is not null
                ? new InferTensor(name, sliceShape, strings.AsSpan(checked((int)(row * rowElements)), checked((int)(rows * rowElements))).ToArray())
                : new InferTensor(name, datatype, sliceShape, bytes.Slice(checked((int)(row * rowBytes)), checked((int)(rows * rowBytes))).ToArray());
            row += rows;
        }
    }
}
