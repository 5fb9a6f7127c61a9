using Engram.Search;
using Engram.Semantic;

namespace Engram.Bench;

/// <summary>
/// The embedding models a benchmark can choose by name: every public <see cref="ITextEmbedder"/> in
/// Engram.Semantic with a parameterless constructor, named by its type name without "Embedder", lowercased
/// (<c>MiniLmEmbedder</c> is <c>minilm</c>). A model added there is selectable here without an edit.
/// </summary>
internal static class Embedders
{
    public const string Default = "minilm";

    public static IReadOnlyDictionary<string, Type> Known { get; } = typeof(MiniLmEmbedder).Assembly.GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ITextEmbedder).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .ToDictionary(t => t.Name.Replace("Embedder", "", StringComparison.Ordinal).ToLowerInvariant(), StringComparer.OrdinalIgnoreCase);

    /// <summary>A new instance of the model named <paramref name="name"/>, or null when no model has that name.</summary>
    public static ITextEmbedder? Create(string name) =>
        Known.TryGetValue(name, out var type) ? (ITextEmbedder)Activator.CreateInstance(type)! : null;

    public static string Names => string.Join(", ", Known.Keys.Order(StringComparer.Ordinal));

    /// <summary>The name with the class that implements it, for a report.</summary>
    public static string Describe(string name) => Known.TryGetValue(name, out var type) ? $"{name} ({type.FullName})" : name;
}
