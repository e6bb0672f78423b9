using Maas.Core;
using Maas.Core.Inference;
using Maas.Server.Inference.Protocol;

namespace Maas.Server.Tests.Inference.Protocol;

public sealed class ClassifierTests
{
    [Fact]
    public void Classify_VectorWithoutLabels_ReturnsTopNValueColonIndex()
    {
        var scores = ProtocolTestData.Fp32("probs", [4], 1.1f, 3.3f, 0.5f, 2.4f);

        var result = Classifier.Classify(scores, 2, null);

        Assert.Equal("probs", result.Name);
        Assert.Equal(TensorDataType.BYTES, result.Datatype);
        Assert.Equal([2L], result.Shape);
        Assert.Equal(["3.3:1", "2.4:3"], result.Strings!);
    }

    [Fact]
    public void Classify_BatchWithLabels_LabelsOnlyIndicesThatHaveOne()
    {
        var scores = ProtocolTestData.Fp32("probs", [2, 3], 0.1f, 0.7f, 0.2f, 0.9f, 0.05f, 0.05f);

        var result = Classifier.Classify(scores, 2, ["cat", "dog"]);

        Assert.Equal([2L, 2L], result.Shape);
        Assert.Equal(["0.7:1:dog", "0.2:2", "0.9:0:cat", "0.05:1:dog"], result.Strings!);
    }

    [Fact]
    public void Classify_TopNAboveClassCount_KeepsEveryClassAndBreaksTiesByIndex()
    {
        var scores = ProtocolTestData.Fp32("s", [1, 3], 0.5f, float.NaN, 0.5f);

        var result = Classifier.Classify(scores, 10, null);

        Assert.Equal([1L, 3L], result.Shape);
        Assert.Equal(["0.5:0", "0.5:2", "NaN:1"], result.Strings!);
    }

    [Fact]
    public void Classify_Fp64Scores_UseDoublePrecisionText()
    {
        var scores = new InferTensor("s", TensorDataType.FP64, [2], new[] { 0.1, 0.30000000000000004 }.SelectMany(BitConverter.GetBytes).ToArray());

        var result = Classifier.Classify(scores, 1, null);

        Assert.Equal(["0.30000000000000004:1"], result.Strings!);
    }

    [Theory]
    [InlineData(0, "Output 's' asks for 0 classes; classification needs at least 1.")]
    public void Classify_BadTopN_Rejects(int topN, string message)
    {
        var error = Assert.Throws<MaasException>(() => Classifier.Classify(ProtocolTestData.Fp32("s", [1], 1f), topN, null));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Classify_IntegerScores_Rejects()
    {
        var scores = new InferTensor("s", TensorDataType.INT32, [1], new byte[4]);

        var error = Assert.Throws<MaasException>(() => Classifier.Classify(scores, 1, null));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("Output 's' is INT32; classification needs FP32 or FP64 scores.", error.Message);
    }

    [Fact]
    public void Classify_RankThree_Rejects()
    {
        var error = Assert.Throws<MaasException>(() => Classifier.Classify(ProtocolTestData.Fp32("s", [1, 1, 1], 1f), 1, null));

        Assert.Equal("Output 's' has shape [1, 1, 1]; classification needs [classes] or [batch, classes].", error.Message);
    }
}
