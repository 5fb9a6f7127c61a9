using Engram.Sessions.Formats;

namespace Engram.Sessions;

internal sealed partial class TranscriptImporter
{
    /// <summary>The endings of transcript files: JSON Lines, JSON documents, and SWE-agent trajectories (<c>.traj</c>).</summary>
    private static readonly string[] TranscriptExtensions = [".jsonl", ".json", ".traj"];

    /// <summary>Directories a transcript tree keeps beside its sessions; their files are read by their session's reader, never on their own.</summary>
    private static readonly string[] CompanionDirectories = ["subagents", "tool-results"];

    /// <summary>The folder of a Claude Code session's sub-agent transcripts: <c>&lt;session&gt;/subagents/</c>.</summary>
    private const string SubagentsDirectory = "subagents";

    /// <summary>
    /// The transcript files under <paramref name="path"/> in path order (a file is itself). A Claude Code sub-agent's
    /// transcript is part of its session, read by the session's reader, so it is never a file of its own here;
    /// one whose session file is not beside it (under <c>&lt;session&gt;/subagents/</c>, or as <c>agent-*.jsonl</c>
    /// in the session's directory) is reported as skipped, with the session it belongs to.
    /// </summary>
    private static async Task<List<FileInfo>> FilesAsync(string path, ImportSummary summary, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            var file = new FileInfo(Path.GetFullPath(path));
            if (IsLinkToNothing(file))
            {
                throw new Errors.InvalidRequestException("path", $"{path} is a link to {file.LinkTarget}, which does not exist");
            }

            if (await ClaudeCodeFormat.ParentSessionAsync(file.FullName, cancellationToken).ConfigureAwait(false) is { } parent)
            {
                summary.Skipped.Add(new SkippedRecord(file.FullName, 0, $"a sub-agent's transcript, part of session {parent}: import that session's file, which reads it"));
                return [];
            }

            return [file];
        }

        if (!Directory.Exists(path))
        {
            throw new Errors.InvalidRequestException("path", $"{path} is neither a file nor a directory");
        }

        var root = Path.GetFullPath(path);
        var files = new List<FileInfo>();
        var candidates = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System })
            .Where(f => TranscriptExtensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var folders = Path.GetRelativePath(root, candidate).Split(Path.DirectorySeparatorChar).SkipLast(1).ToList();
            if (folders.Exists(d => CompanionDirectories.Contains(d, StringComparer.Ordinal)))
            {
                ReportOrphanedSubagent(candidate, folders, summary);
                continue;
            }

            var file = new FileInfo(candidate);
            if (IsLinkToNothing(file))
            {
                summary.Skipped.Add(new SkippedRecord(candidate, 0, $"a link to {file.LinkTarget}, which does not exist"));
                continue;
            }

            try
            {
                _ = file.Length; // a file gone since it was listed fails here; the length is kept for the import
            }
            catch (Exception e) when (IsUnreadable(e))
            {
                summary.Skipped.Add(SkippedRecord.Unread(candidate, e));
                continue;
            }

            if (await ClaudeCodeFormat.ParentSessionAsync(candidate, cancellationToken).ConfigureAwait(false) is { } parent)
            {
                if (!File.Exists(Path.Combine(Path.GetDirectoryName(candidate)!, parent + ".jsonl")))
                {
                    summary.Skipped.Add(new SkippedRecord(candidate, 0, $"a sub-agent's transcript, part of session {parent}, whose file is not beside it: it is read with that session"));
                }

                continue;
            }

            files.Add(file);
        }

        return files;
    }

    /// <summary>A symbolic link whose target does not exist (or a loop of links), which <see cref="File.Exists(string)"/> counts as a file.</summary>
    private static bool IsLinkToNothing(FileInfo file)
    {
        try
        {
            return file.LinkTarget is not null && file.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true };
        }
        catch (IOException)
        {
            return true; // too many levels of links
        }
    }

    /// <summary>Reports a file under <c>&lt;session&gt;/subagents/</c> whose session file (<c>&lt;session&gt;.jsonl</c> beside that folder) is missing: nothing will read it.</summary>
    private static void ReportOrphanedSubagent(string file, List<string> folders, ImportSummary summary)
    {
        var subagents = Path.GetDirectoryName(file)!;
        if (folders.Count < 2 || folders[^1] != SubagentsDirectory || !file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var session = Path.GetDirectoryName(subagents)!;
        if (!File.Exists(session + ".jsonl"))
        {
            summary.Skipped.Add(new SkippedRecord(file, 0, $"a sub-agent's transcript, part of session {Path.GetFileName(session)}, whose file is not beside its folder: it is read with that session"));
        }
    }
}
