using System.CommandLine;
using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Wire;

namespace Engram.Cli.Commands;

internal static class PolicyCommands
{
    public static Command Build() => new Command("policy", "Path policies: list, add, remove, and test who may do what").With(List(), Add(), Remove(), Test());

    private static Command List()
    {
        var all = new Option<bool>("--all-stores") { Description = "Every rule of every store (admins)" };
        return new Command("list", "Rules of a store (--store), or of every store").With(all).Handle(async (run, ct) =>
        {
            var storeId = run.Parse.GetValue(all) ? null : (await run.StoreAsync(ct)).Id;
            var rules = await run.Client().ListPoliciesAsync(storeId, ct);
            if (run.Json)
            {
                run.WriteJson(new PageJson<PolicyRuleJson>(rules.Select(r => r.ToJson()).ToList(), null));
                return ExitCodes.Ok;
            }

            foreach (var rule in rules)
            {
                run.Line($"{rule.Id}  {rule.Effect.ToString().ToLowerInvariant(),-5}  {rule.Subject.Value,-24}  {rule.Path.Pattern,-28}  {string.Join(",", Capabilities.Format(rule.Capabilities)),-40}  {rule.StoreId ?? "every store"}  {rule.Description}");
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Add()
    {
        var subject = new Option<string>("--subject") { Description = "*, principal:ID, group:NAME, role:admin|member, kind:user|service_account, agent:NAME or agent:*", Required = true };
        var path = new Option<string>("--path") { Description = "A path glob: * within a segment, ** across segments, {agent} {session} {principal}", Required = true };
        var allow = new Option<string?>("--allow") { Description = "Capabilities to allow, comma-separated (read,list,create,update,delete,redact,propose,review,admin or all)" };
        var deny = new Option<string?>("--deny") { Description = "Capabilities to deny, comma-separated" };
        var everywhere = new Option<bool>("--all-stores") { Description = "The rule applies to every store (admins)" };
        var description = new Option<string?>("--description") { Description = "Why the rule exists" };
        return new Command("add", "Add a rule").With(subject, path, allow, deny, everywhere, description).Handle(async (run, ct) =>
        {
            var (effect, list) = (run.Parse.GetValue(allow), run.Parse.GetValue(deny)) switch
            {
                ({ } allowed, null) => ("allow", allowed),
                (null, { } denied) => ("deny", denied),
                _ => throw new InvalidRequestException("--allow", "give exactly one of --allow and --deny"),
            };
            var storeId = run.Parse.GetValue(everywhere) ? null : (await run.StoreAsync(ct)).Id;
            var rule = await run.Client().AddPolicyAsync(new AddPolicyRequest(
                storeId, run.Parse.GetValue(subject), run.Parse.GetValue(path), list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), effect, run.Parse.GetValue(description)), ct);
            return run.Report(rule.ToJson(), $"added {rule.Id}: {effect} {rule.Subject.Value} {string.Join(",", Capabilities.Format(rule.Capabilities))} on {rule.Path.Pattern}");
        });
    }

    private static Command Remove()
    {
        var id = new Argument<string>("rule") { Description = "pol_..." };
        return new Command("remove", "Remove a rule").With(id).Handle(async (run, ct) =>
        {
            var rule = await run.Client().RemovePolicyAsync(run.Parse.GetValue(id)!, ct);
            return run.Report(rule.ToJson(), $"removed {rule.Id}");
        });
    }

    private static Command Test()
    {
        var subject = new Option<string>("--subject") { Description = "The principal (user_..., svac_...) or session (sesn_...) to ask about", Required = true };
        var path = new Option<string>("--path") { Description = "The memory path (or / for the store itself)", Required = true };
        var capability = new Option<string>("--capability") { Description = "read, list, create, update, delete, redact, propose, review or admin", Required = true };
        return new Command("test", "May SUBJECT do CAPABILITY on PATH in the store? Names the rule that decided").With(subject, path, capability).Handle(async (run, ct) =>
        {
            var store = await run.StoreAsync(ct);
            var result = await run.Client().TestPolicyAsync(new PolicyTestRequest(run.Parse.GetValue(subject), store.Id, run.Parse.GetValue(path), run.Parse.GetValue(capability)), ct);
            run.Report(result.ToJson(), $"{(result.Allowed ? "allowed" : "denied")}: {result.Reason}\nall it may do there: {(result.Capabilities.Count == 0 ? "nothing" : string.Join(",", result.Capabilities))}");
            return result.Allowed ? ExitCodes.Ok : ExitCodes.Denied;
        });
    }
}
