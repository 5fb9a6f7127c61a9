namespace Engram.Dreaming.Signals;

/// <summary>
/// A tool error reduced to its stable shape: variable parts (numbers, paths, hashes, quoted names, ids) are
/// placeholders such as <c>&lt;num&gt;</c> and <c>&lt;path&gt;</c>, so the same failure in different sessions
/// has the same <see cref="Text"/> and <see cref="Id"/>.
/// </summary>
/// <param name="Id">Derived from <see cref="Text"/> alone (hex of its SHA-256): equal texts give equal ids in every run and process.</param>
/// <param name="Text">The template: one masked line, at most <see cref="ErrorTemplates.MaxTemplateChars"/> characters.</param>
internal sealed record ErrorTemplate(string Id, string Text);
