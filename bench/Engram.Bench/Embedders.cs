using Engram.Search;
using Engram.Semantic;

namespace Engram.Bench;

/// <summary>
/// The embedding models a benchmark can choose by name: the models Engram.Semantic ships (<see cref="LocalModel.All"/>),
/// by the names <c>ENGRAM_EMBEDDING_MODEL</c> takes, run as the product runs them. A model added there is selectable
/// here without an edit.
/// </summary>
internal static class Embedders
{
    public static string Default => LocalModel.Default.Name;

    /// <summary>A new instance of the model named <paramref name="name"/>, or null when no model has that name.</summary>
    public static ITextEmbedder? Create(string name) =>
        LocalModel.All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)) is { } model ? new LocalEmbedder(model) : null;

    public static string Names => LocalModel.Names;

    /// <summary>The name with the class that implements it, for a report.</summary>
    public static string Describe(string name) => $"{name} ({typeof(LocalEmbedder).FullName}, int8 as the product runs it)";
}
