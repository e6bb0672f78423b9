namespace Maas.Onnx.Inspection;

/// <summary>
/// Walks a serialized ModelProto on the wire, before any of it is parsed into objects, through every graph: the main
/// graph, the subgraphs node attributes hold (If, Loop and Scan bodies) at any depth, the training graphs and the
/// bodies of the model's functions. Counting nodes keeps nothing but a counter, so refusing a file of millions of
/// nodes costs one buffer; measuring depth keeps each graph's input and output names, and runs only once the count
/// is known to be within the limit.
/// </summary>
internal sealed class GraphWalker
{
    // Field numbers of onnx.proto (Protos/onnx.proto); only the fields that lead to nodes.
    private const int ModelGraph = 7;
    private const int ModelTrainingInfo = 20;
    private const int ModelFunctions = 25;
    private const int TrainingInitialization = 1;
    private const int TrainingAlgorithm = 2;
    private const int FunctionNode = 7;
    private const int FunctionAttribute = 11;
    private const int GraphNode = 1;
    private const int NodeInput = 1;
    private const int NodeOutput = 2;
    private const int NodeAttribute = 5;
    private const int AttributeGraph = 6;
    private const int AttributeGraphs = 11;

    // A name may be this many UTF-8 bytes: every character of the longest accepted name in four bytes.
    private const int MaxNameBytes = InspectionLimits.MaxNameLength * 4;

    private static readonly NodeLinks Counted = new([], [], 1);

    private readonly WireReader _reader;
    private readonly bool _measureDepth;
    private int _nesting;

    private GraphWalker(Stream stream, bool measureDepth)
    {
        _reader = new WireReader(stream);
        _measureDepth = measureDepth;
    }

    /// <summary>The nodes seen so far, in every graph and function.</summary>
    private long Nodes { get; set; }

    /// <summary>The longest path of the deepest graph or function seen so far.</summary>
    private long Depth { get; set; }

    /// <summary>Counts every node of the model read from <paramref name="stream"/>, holding none of them.</summary>
    public static long CountNodes(Stream stream)
    {
        var walker = new GraphWalker(stream, measureDepth: false);
        walker.Model();
        return walker.Nodes;
    }

    /// <summary>
    /// The longest chain of nodes, each consuming an output of the one before, in any graph or function of the model;
    /// a node holding subgraphs counts as one plus its deepest subgraph. Memory follows the node count.
    /// </summary>
    public static long MeasureDepth(Stream stream)
    {
        var walker = new GraphWalker(stream, measureDepth: true);
        walker.Model();
        return walker.Depth;
    }

    private void Model()
    {
        const long end = long.MaxValue;
        while (_reader.TryReadTag(end, out var field, out var wireType))
        {
            if (wireType != WireReader.Length)
            {
                _reader.Skip(field, wireType, end);
                continue;
            }

            switch (field)
            {
                case ModelGraph:
                    Graph(_reader.ReadEnd(end), outerNames: null);
                    break;
                case ModelTrainingInfo:
                    Nested(_reader.ReadEnd(end), TrainingInitialization, TrainingAlgorithm, outerNames: null);
                    break;
                case ModelFunctions:
                    Function(_reader.ReadEnd(end));
                    break;
                default:
                    _reader.Skip(field, wireType, end);
                    break;
            }
        }
    }

    private long Graph(long end, List<string>? outerNames) => NodeList(end, GraphNode, otherField: 0, outerNames);

    private void Function(long end) => NodeList(end, FunctionNode, FunctionAttribute, outerNames: null);

    /// <summary>
    /// Reads a graph's or function's nodes (and a function's attribute defaults) and returns its depth. The names its
    /// nodes read but do not produce are added to <paramref name="outerNames"/>: a body reading a value of the graph
    /// around it makes the node that holds the body depend on that value's producer.
    /// </summary>
    private long NodeList(long end, int nodeField, int otherField, List<string>? outerNames)
    {
        Enter();
        List<NodeLinks>? nodes = _measureDepth ? [] : null;
        while (_reader.TryReadTag(end, out var field, out var wireType))
        {
            if (wireType == WireReader.Length && field == nodeField)
            {
                var node = Node(_reader.ReadEnd(end));
                nodes?.Add(node);
            }
            else if (wireType == WireReader.Length && field == otherField)
            {
                Attribute(_reader.ReadEnd(end), outerNames: null);
            }
            else
            {
                _reader.Skip(field, wireType, end);
            }
        }

        _nesting--;
        if (nodes is null)
        {
            return 0;
        }

        if (outerNames is not null)
        {
            var produced = nodes.SelectMany(node => node.Outputs).ToHashSet(StringComparer.Ordinal);
            outerNames.AddRange(nodes.SelectMany(node => node.Inputs).Where(name => name.Length > 0 && !produced.Contains(name)));
        }

        var depth = LongestPath.Of(nodes);
        Depth = Math.Max(Depth, depth);
        return depth;
    }

    private NodeLinks Node(long end)
    {
        Enter();
        Nodes++;
        List<string>? inputs = _measureDepth ? [] : null;
        List<string>? outputs = _measureDepth ? [] : null;
        long deepestSubgraph = 0;
        while (_reader.TryReadTag(end, out var field, out var wireType))
        {
            var names = field switch { NodeInput => inputs, NodeOutput => outputs, _ => null };
            if (wireType == WireReader.Length && names is not null)
            {
                names.Add(Name(_reader.ReadEnd(end)));
            }
            else if (wireType == WireReader.Length && field == NodeAttribute)
            {
                deepestSubgraph = Math.Max(deepestSubgraph, Attribute(_reader.ReadEnd(end), inputs));
            }
            else
            {
                _reader.Skip(field, wireType, end);
            }
        }

        _nesting--;

        // Counting keeps nothing per node, not even this record: millions of them are what the count refuses.
        return inputs is null || outputs is null ? Counted : new NodeLinks(inputs, outputs, 1 + deepestSubgraph);
    }

    /// <summary>Reads an attribute and returns the depth of its deepest subgraph, 0 when it holds none.</summary>
    private long Attribute(long end, List<string>? outerNames) => Nested(end, AttributeGraph, AttributeGraphs, outerNames);

    /// <summary>Reads a message whose fields <paramref name="first"/> and <paramref name="second"/> are graphs.</summary>
    private long Nested(long end, int first, int second, List<string>? outerNames)
    {
        Enter();
        long deepest = 0;
        while (_reader.TryReadTag(end, out var field, out var wireType))
        {
            if (wireType == WireReader.Length && (field == first || field == second))
            {
                deepest = Math.Max(deepest, Graph(_reader.ReadEnd(end), outerNames));
            }
            else
            {
                _reader.Skip(field, wireType, end);
            }
        }

        _nesting--;
        return deepest;
    }

    private string Name(long end)
    {
        var length = end - _reader.Position;
        if (length > MaxNameBytes)
        {
            throw Reject.Because($"A node names an input or output of {length} bytes; Maas accepts names of at most {InspectionLimits.MaxNameLength} characters.");
        }

        return _reader.ReadStringTo(end);
    }

    private void Enter()
    {
        // The same nesting the generated parser allows, so a file deep enough to fail there fails here first, alike.
        if (++_nesting > InspectionLimits.RecursionLimit)
        {
            throw new InvalidDataException("The protobuf message nests deeper than the parser's recursion limit.");
        }
    }
}
