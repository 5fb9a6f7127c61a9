using System.CommandLine;
using Engram.Access;
using Engram.Errors;
using Engram.Wire;

namespace Engram.Cli.Commands;

internal static class KeysCommands
{
    public static Command Build() => new Command("keys", "Create, list and revoke API keys").With(Create(), List(), Revoke());

    private static Command Create()
    {
        var name = new Option<string?>("--name") { Description = "What the key is for (default: \"api key\")" };
        var owner = new Option<string?>("--for") { Description = "The principal (user_... or svac_...) to hold the key (default: yourself; others need admin)" };
        var newUser = new Option<string?>("--new-user") { Description = "Create a user with this name and give the key to it" };
        var newService = new Option<string?>("--new-service-account") { Description = "Create a service account with this name and give the key to it" };
        var admin = new Option<bool>("--admin") { Description = "With --new-user or --new-service-account: make the new principal an admin" };
        var groups = new Option<string[]>("--group") { Description = "With --new-user or --new-service-account: put the new principal in this group (repeatable)" };
        return new Command("create", "Create an API key; its secret is printed this once").With(name, owner, newUser, newService, admin, groups).Handle(async (run, ct) =>
        {
            var principalId = run.Parse.GetValue(owner);
            var userName = run.Parse.GetValue(newUser);
            var serviceName = run.Parse.GetValue(newService);
            if (new[] { principalId, userName, serviceName }.Count(v => v is not null) > 1)
            {
                throw new InvalidRequestException("--for", "give at most one of --for, --new-user and --new-service-account");
            }

            if (userName is not null || serviceName is not null)
            {
                var role = run.Parse.GetValue(admin) ? PrincipalRole.Admin : PrincipalRole.Member;
                var kind = userName is not null ? PrincipalKind.User : PrincipalKind.ServiceAccount;
                principalId = (await run.Client().CreatePrincipalAsync(new CreatePrincipalRequest(kind, userName ?? serviceName, role, run.Parse.GetValue(groups)), ct)).Id;
            }

            var created = await run.Client().CreateApiKeyAsync(new CreateApiKeyRequest(run.Parse.GetValue(name), principalId), ct);
            return run.Report(
                created.ToJson(),
                $"{created.Key.Id} for {created.Key.PrincipalId}\n{created.Secret}\nThis is the only time the secret is shown; store it now.");
        });
    }

    private static Command List() => new Command("list", "List API keys (never their secrets)").Handle(async (run, ct) =>
    {
        var keys = await run.Client().ListApiKeysAsync(ct);
        var principals = (await run.Client().ListPrincipalsAsync(ct)).ToDictionary(p => p.Id);
        if (run.Json)
        {
            run.WriteJson(new PageJson<ApiKeyJson>(keys.Select(k => k.ToJson()).ToList(), null));
            return ExitCodes.Ok;
        }

        foreach (var key in keys)
        {
            var holder = principals.TryGetValue(key.PrincipalId, out var p) ? $"{p.Name} ({p.Id}, {p.Role.ToString().ToLowerInvariant()})" : key.PrincipalId;
            run.Line($"{key.Id}  {key.Hint,-19}  {Format.Time(key.CreatedAt)}  {(key.IsRevoked ? $"revoked {Format.Time(key.RevokedAt)}" : "active"),-28}  {key.Name}  {holder}");
        }

        return ExitCodes.Ok;
    });

    private static Command Revoke()
    {
        var id = new Argument<string>("key") { Description = "The key to revoke (apikey_...)" };
        return new Command("revoke", "Revoke an API key at once").With(id).Handle(async (run, ct) =>
        {
            var revoked = await run.Client().RevokeApiKeyAsync(run.Parse.GetValue(id)!, ct);
            return run.Report(revoked.ToJson(), $"revoked {revoked.Id} at {Format.Time(revoked.RevokedAt)}");
        });
    }
}
