using System.Text.Json;
using Google.Protobuf;
using Maas.Core.Training;
using Maas.Onnx.Graphs;
using Maas.Training.Data;
using Maas.Training.Models;
using Maas.Training.Trees;

namespace Maas.Training.Engine;

/// <summary>
/// Writes the served model: the feature plan's raw inputs and preprocessing, the trained model with its weights as
/// initializers, and the task's outputs, with metadata "maas.task" and (classifiers) "maas.class_labels".
/// </summary>
internal static class ModelExporter
{
    public const string TaskKey = "maas.task";
    public const string ClassLabelsKey = "maas.class_labels";
    public const string ModelKindKey = "maas.model_kind";

    public static byte[] ExportNetwork(PreparedData prepared, Network network, IReadOnlyList<float[]> weights, TrainingSpec spec)
    {
        var g = new GraphBuilder("maas_model");
        var features = prepared.Plan.AppendTo(g);
        var parameters = network.Parameters.Select((p, i) => g.Initializer(p.Name, weights[i], p.Shape)).ToArray();
        var output = network.Forward(g, features, parameters, null);
        OutputHead.AddOutputs(g, prepared.Task, output, prepared.ClassNames);
        return Write(g, prepared, spec);
    }

    public static byte[] ExportTrees(PreparedData prepared, TreeEnsembleModel trees, TrainingSpec spec)
    {
        var g = new GraphBuilder("maas_model");
        var features = prepared.Plan.AppendTo(g);
        var output = trees.AppendTo(g, features);
        OutputHead.AddOutputs(g, prepared.Task, output, prepared.ClassNames, alreadyProbabilities: true);
        return Write(g, prepared, spec);
    }

    private static byte[] Write(GraphBuilder g, PreparedData prepared, TrainingSpec spec)
    {
        var metadata = new Dictionary<string, string>
        {
            [TaskKey] = TrainingRunner.Lower(prepared.Task),
            [ModelKindKey] = TrainingRunner.Lower(spec.Model.Kind),
        };
        if (prepared.ClassNames is { } names)
        {
            metadata[ClassLabelsKey] = JsonSerializer.Serialize(names);
        }

        return g.ToModel("maas-trainer", metadata).ToByteArray();
    }
}
