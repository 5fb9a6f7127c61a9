using CsCheck;
using Engram.Access;
using Engram.Access.Policies;

namespace Engram.Tests.Access;

public sealed class PolicySetTests
{
    private static readonly string[] Subjects =
        ["*", "principal:user_1", "principal:user_2", "principal:svac_1", "group:g1", "group:g2", "role:admin", "role:member", "kind:user", "kind:service_account", "agent:*", "agent:alpha", "agent:beta"];

    private static readonly string[] Globs =
        ["/**", "/", "/org/**", "/org/*", "/teams/*/runbook.md", "/*.md", "/agents/{agent}/**", "/scratch/{session}/**", "/users/{principal}/**", "/**/notes.md", "/org/handbook.md"];

    private static readonly string[] Paths =
        ["/", "/org/handbook.md", "/org/x/y.md", "/teams/payments/runbook.md", "/readme.md", "/agents/alpha/notes.md", "/agents/beta/notes.md",
         "/scratch/sesn_1/a", "/scratch/sesn_2/a", "/users/user_1/todo", "/users/user_2/todo", "/deep/a/b/notes.md"];

    private static readonly string?[] Stores = [null, "s1", "s2"];

    [Fact]
    public void Evaluation_agrees_with_a_plain_reference_evaluation()
    {
        var rule = Gen.Select(Gen.Int[0, Subjects.Length - 1], Gen.Int[0, Stores.Length - 1], Gen.Int[0, Globs.Length - 1], Gen.Int[1, 511], Gen.Int[0, 9])
            .Select((subject, store, glob, caps, effect) => (Subject: Subjects[subject], Store: Stores[store], Glob: Globs[glob], Caps: (Capability)caps, Deny: effect < 3));
        var principal = Gen.Select(Gen.Int[0, 2], Gen.Bool, Gen.Int[0, 3])
            .Select((who, admin, groups) => new Caller(
                who == 2 ? Actor.ServiceAccount("svac_1") : Actor.User(who == 0 ? "user_1" : "user_2"), null, admin ? PrincipalRole.Admin : PrincipalRole.Member)
            {
                Groups = new[] { "g1", "g2" }.Where((_, i) => (groups & (1 << i)) != 0).ToHashSet(),
            });
        var session = Gen.Select(Gen.Int[0, 1], Gen.Int[0, 1], Gen.Int[0, 8])
            .Select((agent, id, attach) => new Caller(Actor.Session(id == 0 ? "sesn_1" : "sesn_2"))
            {
                Session = new SessionGrant(id == 0 ? "sesn_1" : "sesn_2", agent == 0 ? "alpha" : "beta", Attachments(attach)),
            });
        var scenario = Gen.Select(rule.Array[0, 12], Gen.OneOf(principal, session), Gen.Int[1, 2], Gen.Int[0, Paths.Length - 1]);

        scenario.Sample((rules, caller, store, path) =>
        {
            var storeId = $"s{store}";
            var compiled = new PolicySet(rules.Select((r, i) => new PolicyRule(
                $"pol_{i}", r.Store, new PolicySubject(r.Subject), PathGlob.Parse(r.Glob, out _)!, r.Caps, r.Deny ? PolicyEffect.Deny : PolicyEffect.Allow, "", DateTimeOffset.UnixEpoch)));
            var expected = Reference(rules, caller, storeId, Paths[path]);
            var actual = compiled.Evaluate(caller, storeId, Paths[path]);
            Assert.True(expected == actual, $"for {caller.Actor} on {storeId}{Paths[path]} with [{string.Join("; ", rules.Select(r => $"{(r.Deny ? "deny" : "allow")} {r.Subject} {r.Store} {r.Glob} {r.Caps}"))}]: expected {expected}, got {actual}");
        }, iter: 20_000);
    }

    private static Dictionary<string, AttachmentAccess> Attachments(int code)
    {
        // 0..8 encodes each of two stores as absent, read_only or read_write.
        var result = new Dictionary<string, AttachmentAccess>();
        if (code % 3 > 0)
        {
            result["s1"] = code % 3 == 1 ? AttachmentAccess.ReadOnly : AttachmentAccess.ReadWrite;
        }

        if (code / 3 > 0)
        {
            result["s2"] = code / 3 == 1 ? AttachmentAccess.ReadOnly : AttachmentAccess.ReadWrite;
        }

        return result;
    }

    /// <summary>The evaluation rules written out plainly, with a hand-written glob matcher.</summary>
    private static Capability Reference((string Subject, string? Store, string Glob, Capability Caps, bool Deny)[] rules, Caller caller, string store, string path)
    {
        var session = caller.Session;
        if (session is not null && !session.Stores.ContainsKey(store))
        {
            return Capability.None;
        }

        bool Applies(string subject) => subject switch
        {
            "*" => true,
            "agent:*" => session is not null,
            _ when subject.StartsWith("agent:", StringComparison.Ordinal) => session?.Agent == subject[6..],
            _ when session is not null => false,
            _ when subject.StartsWith("principal:", StringComparison.Ordinal) => caller.Actor.Id == subject[10..],
            _ when subject.StartsWith("group:", StringComparison.Ordinal) => caller.Groups.Contains(subject[6..]),
            "role:admin" => caller.Role == PrincipalRole.Admin,
            "role:member" => caller.Role == PrincipalRole.Member,
            "kind:user" => caller.Actor.Type == ActorType.User,
            "kind:service_account" => caller.Actor.Type == ActorType.ServiceAccount,
            _ => false,
        };

        var allow = Capability.None;
        var deny = Capability.None;
        foreach (var rule in rules)
        {
            if (Applies(rule.Subject) && (rule.Store is null || rule.Store == store) && GlobMatches(rule.Glob, path, session?.Agent, session?.SessionId, session is null ? caller.Actor.Id : null))
            {
                if (rule.Deny)
                {
                    deny |= rule.Caps;
                }
                else
                {
                    allow |= rule.Caps;
                }
            }
        }

        if ((allow & Capability.Admin) != 0)
        {
            allow = Capability.All;
        }

        var result = allow & ~deny;
        return session is not null && session.Stores[store] == AttachmentAccess.ReadOnly ? result & (Capability.Read | Capability.List) : result;
    }

    private static bool GlobMatches(string glob, string path, string? agent, string? session, string? principal)
    {
        foreach (var (template, value) in new[] { ("{agent}", agent), ("{session}", session), ("{principal}", principal) })
        {
            if (glob.Contains(template, StringComparison.Ordinal))
            {
                if (value is null)
                {
                    return false;
                }

                glob = glob.Replace(template, value, StringComparison.Ordinal);
            }
        }

        var pattern = glob.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return Match(pattern, 0, segments, 0);
    }

    private static bool Match(string[] pattern, int i, string[] segments, int j)
    {
        if (i == pattern.Length)
        {
            return j == segments.Length;
        }

        if (pattern[i] == "**")
        {
            return Match(pattern, i + 1, segments, j) || (j < segments.Length && Match(pattern, i, segments, j + 1));
        }

        return j < segments.Length && Wildcard(pattern[i], segments[j]) && Match(pattern, i + 1, segments, j + 1);
    }

    private static bool Wildcard(string pattern, string text)
    {
        if (pattern.Length == 0)
        {
            return text.Length == 0;
        }

        return pattern[0] == '*'
            ? Wildcard(pattern[1..], text) || (text.Length > 0 && Wildcard(pattern, text[1..]))
            : text.Length > 0 && pattern[0] == text[0] && Wildcard(pattern[1..], text[1..]);
    }
}
