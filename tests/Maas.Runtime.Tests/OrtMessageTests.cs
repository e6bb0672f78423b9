namespace Maas.Runtime.Tests;

/// <summary>ONNX Runtime's messages lose their error-code prefix and C++ source locations before they reach a client.</summary>
public sealed class OrtMessageTests
{
    [Theory]
    [InlineData(
        "[ErrorCode:Fail] Non-zero status code returned while running Expand node. Name:'expand' Status Message: /onnxruntime_src/onnxruntime/core/framework/bfc_arena.cc:360 void* onnxruntime::BFCArena::AllocateRawInternal(size_t, bool, onnxruntime::Stream*) Failed to allocate memory for requested buffer of size 4503599627370496",
        "Non-zero status code returned while running Expand node. Name:'expand' Status Message: Failed to allocate memory for requested buffer of size 4503599627370496")]
    [InlineData(
        "[ErrorCode:RuntimeException] Non-zero status code returned while running Reshape node. Name:'r' Status Message: D:\\a\\_work\\1\\s\\onnxruntime\\core\\providers\\cpu\\tensor\\reshape_helper.h:47 onnxruntime::ReshapeHelper::ReshapeHelper(const onnxruntime::TensorShape&, onnxruntime::TensorShapeVector&, bool) input_shape_size == size was false. The input tensor cannot be reshaped to the requested shape.",
        "Non-zero status code returned while running Reshape node. Name:'r' Status Message: input_shape_size == size was false. The input tensor cannot be reshaped to the requested shape.")]
    [InlineData("[ErrorCode:InvalidProtobuf] Load model from memory failed:Protobuf parsing failed.", "Load model from memory failed:Protobuf parsing failed.")]
    [InlineData("A plain sentence (with parentheses) stays.", "A plain sentence (with parentheses) stays.")]
    [InlineData(
        "[ErrorCode:Fail] Non-zero status code returned while running Expand node. Name:'evil\nforged\u001b[2J' Status Message: Failed to allocate memory",
        "Non-zero status code returned while running Expand node. Name:'evil\\u000aforged\\u001b[2J' Status Message: Failed to allocate memory")]
    public void Clean_RemovesCodePrefixAndSourceLocationsAndEscapesControls(string raw, string expected)
    {
        Assert.Equal(expected, OrtMessages.Clean(raw));
    }
}
