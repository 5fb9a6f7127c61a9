using System.Buffers.Binary;
using static Engram.Semantic.OnnxWire;

namespace Engram.Semantic;

/// <summary>
/// Dynamic int8 quantization of an ONNX graph at load time, in memory, from the package's own float model: every
/// MatMul by a constant weight matrix becomes ONNX Runtime's DynamicQuantizeMatMul, with the weights stored as
/// int8 with one scale per output column (symmetric, so no zero point) and the activations quantized per run.
/// The same rewrite ONNX Runtime's Python quantizer makes, without shipping a second model file.
/// </summary>
internal static class Int8Quantization
{
    // Field numbers of onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, OperatorSetIdProto).
    private const int ModelGraph = 7, ModelOpsetImport = 8;
    private const int GraphNode = 1, GraphInitializer = 5;
    private const int NodeInput = 1, NodeOpType = 4, NodeDomain = 7;
    private const int TensorDims = 1, TensorDataType = 2, TensorFloatData = 4, TensorName = 8, TensorRawData = 9;
    private const int OpsetDomain = 1, OpsetVersion = 2;
    private const int FloatType = 1, Int8Type = 3;
    private const string ContribDomain = "com.microsoft";

    /// <summary>The graph with its weight MatMuls quantized; <paramref name="quantized"/> says how many.</summary>
    public static byte[] Quantize(byte[] model, out int quantized)
    {
        var modelFields = Read(model);
        var graphAt = modelFields.FindIndex(f => f.Number == ModelGraph);
        var graph = Read(modelFields[graphAt].Data);

        var weights = new Dictionary<string, (long[] Dims, List<Field> Tensor)>(StringComparer.Ordinal);
        foreach (var field in graph.Where(f => f.Number == GraphInitializer))
        {
            var tensor = Read(field.Data);
            var dims = Int64s(tensor, TensorDims).ToArray();
            var type = tensor.FirstOrDefault(f => f.Number == TensorDataType).Value;
            if (type == FloatType && dims.Length == 2)
            {
                weights[tensor.First(f => f.Number == TensorName).Text] = (dims, tensor);
            }
        }

        var nodes = graph.Where(f => f.Number == GraphNode).Select(f => Read(f.Data)).ToList();
        var uses = nodes.SelectMany(n => n.Where(f => f.Number == NodeInput).Select(f => f.Text)).GroupBy(n => n, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var replaced = new HashSet<string>(StringComparer.Ordinal);
        var added = new List<Field>();
        var rewritten = new List<Field>(graph.Count);
        var node = 0;
        foreach (var field in graph)
        {
            if (field.Number != GraphNode)
            {
                rewritten.Add(field);
                continue;
            }

            var parts = nodes[node++];
            var inputs = parts.Where(f => f.Number == NodeInput).Select(f => f.Text).ToList();
            var op = parts.FirstOrDefault(f => f.Number == NodeOpType).Text;
            if (op != "MatMul" || inputs.Count != 2 || !weights.TryGetValue(inputs[1], out var weight) || uses[inputs[1]] != 1)
            {
                rewritten.Add(field);
                continue;
            }

            var name = inputs[1];
            added.AddRange(QuantizeWeight(name, weight.Dims, weight.Tensor));
            replaced.Add(name);
            var quantizedNode = new List<Field> { Of(NodeInput, inputs[0]), Of(NodeInput, name + "_int8"), Of(NodeInput, name + "_scale") };
            quantizedNode.AddRange(parts.Where(f => f.Number is not (NodeInput or NodeOpType or NodeDomain)));
            quantizedNode.Add(Of(NodeOpType, "DynamicQuantizeMatMul"));
            quantizedNode.Add(Of(NodeDomain, ContribDomain));
            rewritten.Add(Of(GraphNode, Message(quantizedNode)));
        }

        quantized = replaced.Count;
        if (quantized == 0)
        {
            return model;
        }

        rewritten.RemoveAll(f => f.Number == GraphInitializer && replaced.Contains(Read(f.Data).First(t => t.Number == TensorName).Text));
        rewritten.AddRange(added);
        modelFields[graphAt] = Of(ModelGraph, Message(rewritten));
        if (!modelFields.Any(f => f.Number == ModelOpsetImport && Read(f.Data).Any(o => o.Number == OpsetDomain && o.Text == ContribDomain)))
        {
            modelFields.Add(Of(ModelOpsetImport, Message([Of(OpsetDomain, ContribDomain), Of(OpsetVersion, 1)])));
        }

        return Message(modelFields);
    }

    /// <summary>A K×N float matrix as int8 values and one scale per column (the largest magnitude maps to 127).</summary>
    private static IEnumerable<Field> QuantizeWeight(string name, long[] dims, List<Field> tensor)
    {
        var (rows, columns) = (checked((int)dims[0]), checked((int)dims[1]));
        var values = tensor.FirstOrDefault(f => f.Number == TensorRawData) is { Data.Length: > 0 } raw
            ? Enumerable.Range(0, raw.Data.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(raw.Data.Span[(i * 4)..])).ToArray()
            : Floats(tensor, TensorFloatData);
        var scales = new float[columns];
        for (var i = 0; i < values.Length; i++)
        {
            scales[i % columns] = Math.Max(scales[i % columns], Math.Abs(values[i]));
        }

        for (var c = 0; c < columns; c++)
        {
            scales[c] = scales[c] > 0 ? scales[c] / 127f : 1f;
        }

        var quantized = new byte[rows * columns];
        for (var i = 0; i < values.Length; i++)
        {
            quantized[i] = unchecked((byte)(sbyte)Math.Clamp(MathF.Round(values[i] / scales[i % columns]), -127, 127));
        }

        var scaleBytes = new byte[columns * 4];
        for (var c = 0; c < columns; c++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(scaleBytes.AsSpan(c * 4), scales[c]);
        }

        yield return Of(GraphInitializer, Message([Of(TensorDims, rows), Of(TensorDims, columns), Of(TensorDataType, Int8Type), Of(TensorName, name + "_int8"), Of(TensorRawData, quantized)]));
        yield return Of(GraphInitializer, Message([Of(TensorDims, columns), Of(TensorDataType, FloatType), Of(TensorName, name + "_scale"), Of(TensorRawData, scaleBytes)]));
    }
}
