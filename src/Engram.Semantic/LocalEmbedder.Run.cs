using Microsoft.ML.OnnxRuntime;

namespace Engram.Semantic;

public sealed partial class LocalEmbedder
{
    /// <summary>Runs one batch padded to its longest text, and writes each text's pooled unit vector.</summary>
    private void Run(int[][] tokens, int[] batch, float[][] vectors)
    {
        var length = batch.Max(i => tokens[i].Length);
        var ids = new long[batch.Length * length];
        var mask = new long[batch.Length * length];
        for (var row = 0; row < batch.Length; row++)
        {
            var text = tokens[batch[row]];
            for (var t = 0; t < text.Length; t++)
            {
                ids[(row * length) + t] = text[t];
                mask[(row * length) + t] = 1;
            }
        }

        long[] shape = [batch.Length, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        var session = _loaded.Value.Session;
        using var runOptions = new RunOptions();
        using var outputs = session.Run(
            runOptions, ["input_ids", "attention_mask", "token_type_ids"], [idsValue, maskValue, typesValue], [LastHiddenState]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var width = _model.Dimensions;
        for (var row = 0; row < batch.Length; row++)
        {
            var vector = new float[width];
            var count = tokens[batch[row]].Length;
            var rowStart = row * length * width;
            if (_model.Pooling == Pooling.Cls)
            {
                hidden.Slice(rowStart, width).CopyTo(vector);
            }
            else
            {
                for (var t = 0; t < count; t++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(vector, hidden.Slice(rowStart + (t * width), width), vector);
                }
            }

            Normalize(vector);
            vectors[batch[row]] = vector;
        }
    }

    private const string LastHiddenState = "last_hidden_state";

    private static void Normalize(float[] vector)
    {
        var length = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        if (length > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, length, vector);
        }
    }
}
