using Maas.Core;
using Maas.Onnx.Proto;

namespace Maas.Onnx.Inspection;

/// <summary>Turns one graph input or output into a <see cref="TensorSpec"/>, rejecting what clients could not send.</summary>
internal static class TensorSpecReader
{
    public static TensorSpec Read(ValueInfoProto value, string kind)
    {
        var name = value.Name;
        if (name.Length == 0)
        {
            throw Reject.Because($"The model has an {kind} with no name; every {kind} needs one.");
        }

        if (name.Length > InspectionLimits.MaxNameLength)
        {
            throw Reject.Because($"The model has an {kind} whose name is {name.Length} characters long; Maas accepts at most {InspectionLimits.MaxNameLength}.");
        }

        var label = $"The {kind} '{Printable.Clip(name)}'";
        var tensor = value.Type?.ValueCase switch
        {
            TypeProto.ValueOneofCase.TensorType => value.Type.TensorType,
            null or TypeProto.ValueOneofCase.None => throw Reject.Because($"{label} declares no type; expected a tensor type."),
            var other => throw Reject.Because($"{label} is {Kind(other.Value)}, not a tensor; Maas serves only tensor inputs and outputs."),
        };

        if (!ElementTypes.TryMap(tensor.ElemType, out var dataType))
        {
            throw Reject.Because($"{label} has element type {ElementTypes.OnnxName(tensor.ElemType)}, which Maas cannot serve; expected one of {ElementTypes.Supported}.");
        }

        return new TensorSpec(name, dataType, ReadShape(tensor.Shape, label));
    }

    private static long[] ReadShape(TensorShapeProto? shape, string label)
    {
        if (shape is null)
        {
            throw Reject.Because($"{label} declares no shape; Maas needs at least its rank (a symbolic dimension such as 'batch' can stand for any size).");
        }

        if (shape.Dim.Count > InspectionLimits.MaxRank)
        {
            throw Reject.Because($"{label} has rank {shape.Dim.Count}; Maas accepts at most rank {InspectionLimits.MaxRank}.");
        }

        var dims = new long[shape.Dim.Count];
        for (var axis = 0; axis < dims.Length; axis++)
        {
            var dim = shape.Dim[axis];
            if (dim.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && dim.DimValue < 0)
            {
                throw Reject.Because($"{label} declares size {dim.DimValue} for axis {axis}; expected a size of zero or more, or a symbolic dimension.");
            }

            // A symbolic or unset dimension is one the caller chooses, such as the batch.
            dims[axis] = dim.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? dim.DimValue : -1;
        }

        return dims;
    }

    private static string Kind(TypeProto.ValueOneofCase value) => value switch
    {
        TypeProto.ValueOneofCase.SequenceType => "a sequence",
        TypeProto.ValueOneofCase.MapType => "a map",
        TypeProto.ValueOneofCase.OptionalType => "an optional value",
        TypeProto.ValueOneofCase.SparseTensorType => "a sparse tensor",
        TypeProto.ValueOneofCase.OpaqueType => "an opaque value",
        _ => $"of an unknown kind ({(int)value})",
    };
}
