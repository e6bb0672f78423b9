using Maas.Onnx.Inspection.Proto;
using Maas.Onnx.Proto;

namespace Maas.Onnx.Inspection;

/// <summary>
/// Walks every graph in a model (the main graph, the subgraphs node attributes hold at any depth, the training graphs
/// and the bodies of the model's functions) for what no loader should be trusted with: tensors whose data lives in
/// another file, which ONNX Runtime would read from the server's disk, and nodes from domains Maas does not load.
/// </summary>
internal sealed class ContentScanner
{
    private readonly IReadOnlySet<string> _functionDomains;

    private ContentScanner(IReadOnlySet<string> functionDomains) => _functionDomains = functionDomains;

    public static void Scan(ModelHeader model, IReadOnlySet<string> functionDomains)
    {
        var scanner = new ContentScanner(functionDomains);
        scanner.ScanGraph(model.Graph, GraphScope(model.Graph, "the main graph"));
        foreach (var training in model.TrainingInfo)
        {
            scanner.ScanGraph(training.Initialization, "the training initialization graph");
            scanner.ScanGraph(training.Algorithm, "the training algorithm graph");
        }

        foreach (var function in model.Functions)
        {
            var scope = $"function '{Printable.Clip(function.Name)}'";
            foreach (var attribute in function.AttributeProto)
            {
                scanner.ScanAttribute(attribute, node: null, scope);
            }

            foreach (var node in function.Node)
            {
                scanner.ScanNode(node, scope);
            }
        }
    }

    private void ScanGraph(GraphHeader? graph, string scope)
    {
        if (graph is null)
        {
            return;
        }

        foreach (var tensor in graph.Initializer)
        {
            CheckTensor(tensor, scope);
        }

        foreach (var sparse in graph.SparseInitializer)
        {
            CheckSparse(sparse, scope);
        }

        foreach (var node in graph.Node)
        {
            ScanNode(node, scope);
        }
    }

    private void ScanNode(NodeHeader node, string scope)
    {
        if (!OpsetPolicy.IsAllowed(node.Domain, _functionDomains))
        {
            throw Reject.CustomDomain(node.Domain, $"The {Describe(node)} in {scope}");
        }

        foreach (var attribute in node.Attribute)
        {
            ScanAttribute(attribute, node, scope);
        }
    }

    private void ScanAttribute(NodeAttributeHeader attribute, NodeHeader? node, string scope)
    {
        var holds = attribute.T is not null || attribute.SparseTensor is not null || attribute.G is not null
            || attribute.Tensors.Count + attribute.SparseTensors.Count + attribute.Graphs.Count > 0;
        if (!holds)
        {
            return;
        }

        var name = Printable.Clip(attribute.Name);
        var holder = node is null
            ? $"the default of attribute '{name}' of {scope}"
            : $"attribute '{name}' of the {Describe(node)} in {scope}";
        CheckTensor(attribute.T, holder);
        CheckSparse(attribute.SparseTensor, holder);
        foreach (var tensor in attribute.Tensors)
        {
            CheckTensor(tensor, holder);
        }

        foreach (var sparse in attribute.SparseTensors)
        {
            CheckSparse(sparse, holder);
        }

        // A subgraph is named after the attribute and node that hold it, not the whole path: node names are unique
        // enough to find it, and the message stays short however deep the nesting goes.
        var subgraphScope = node is null ? holder : $"the '{name}' subgraph of the {Describe(node)}";
        ScanGraph(attribute.G, subgraphScope);
        foreach (var graph in attribute.Graphs)
        {
            ScanGraph(graph, subgraphScope);
        }
    }

    private static void CheckSparse(SparseTensorHeader? sparse, string holder)
    {
        CheckTensor(sparse?.Values, holder);
        CheckTensor(sparse?.Indices, holder);
    }

    private static void CheckTensor(TensorHeader? tensor, string holder)
    {
        if (tensor is null
            || (tensor.DataLocation != TensorProto.Types.DataLocation.External && tensor.ExternalData.Count == 0))
        {
            return;
        }

        var label = tensor.Name.Length > 0 ? $"Tensor '{Printable.Clip(tensor.Name)}'" : "An unnamed tensor";
        var location = tensor.ExternalData.FirstOrDefault(entry => entry.Key == "location")?.Value;
        var at = string.IsNullOrEmpty(location) ? string.Empty : $" at '{Printable.Clip(location)}'";
        throw Reject.Because(
            $"{label} in {holder} refers to external data{at}; Maas accepts only self-contained models, with every tensor stored inside the .onnx file.");
    }

    private static string GraphScope(GraphHeader? graph, string fallback) =>
        graph is null || graph.Name.Length == 0 ? fallback : $"graph '{Printable.Clip(graph.Name)}'";

    private static string Describe(NodeHeader node) => node.Name.Length > 0
        ? $"node '{Printable.Clip(node.Name)}' ({Printable.Clip(node.OpType)})"
        : $"unnamed {Printable.Clip(node.OpType)} node";
}
