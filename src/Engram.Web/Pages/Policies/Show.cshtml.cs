using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Memories;
using Engram.Web.Review;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Policies;

/// <summary>
/// A store's policy rules, and the tester that answers "may this principal or session do this at this path", naming
/// the rule that decided, as <c>engram policy test</c> does. For the store's admins (and admins), as the library
/// decides: anyone else is refused (403), and a store the caller cannot see is not found.
/// </summary>
internal sealed class ShowModel(UiReview review, EngramEngine engine) : UiPageModel
{
    [FromRoute(Name = "store")]
    public string StoreRef { get; set; } = "";

    [FromQuery(Name = "subject")]
    public string? Subject { get; set; }

    [FromQuery(Name = "path")]
    public string? TestPath { get; set; }

    [FromQuery(Name = "capability")]
    public string? Capability { get; set; }

    public MemoryStore Store { get; private set; } = null!;

    public IReadOnlyList<PolicyRule> Rules { get; private set; } = [];

    /// <summary>Principals the caller may name as a subject (every one for admins, itself otherwise).</summary>
    public IReadOnlyList<Principal> Principals { get; private set; } = [];

    public PolicyTestResult? Result { get; private set; }

    /// <summary>The capabilities a rule or the tester names.</summary>
    public static IReadOnlyList<string> CapabilityNames { get; } = Capabilities.Format(Engram.Access.Policies.Capability.All);

    public async Task<IActionResult> OnGetAsync()
    {
        var stores = await review.StoresAsync(Caller, Aborted);
        Store = stores.FirstOrDefault(s => s.Id == StoreRef || s.Name == StoreRef) ?? throw new NotFoundException("memory_store", StoreRef);
        Rules = await engine.Access.ListPoliciesAsync(Caller, Store.Id, Aborted);
        Principals = await engine.Access.ListPrincipalsAsync(Caller, Aborted);
        if (Subject is null && TestPath is null && Capability is null)
        {
            return Page();
        }

        try
        {
            Result = await engine.Access.TestPolicyAsync(Caller, new PolicyTestRequest(Blank(Subject), Store.Id, Blank(TestPath), Blank(Capability)), Aborted);
        }
        catch (InvalidRequestException invalid)
        {
            ModelState.AddModelError(invalid.Field is "capability" or "path" ? $"test-{invalid.Field}" : "", $"{invalid.Field}: {invalid.Rule}");
        }
        catch (NotFoundException)
        {
            // The store was found above, so what is missing is the subject.
            ModelState.AddModelError("test-subject", "subject: no principal (user_..., svac_...) or session (sesn_...) has this id");
        }

        if (ModelState.ErrorCount == 0)
        {
            return Page();
        }

        var refused = Page();
        refused.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
        return refused;
    }

    /// <summary>"this store", or "every store" for a rule that applies everywhere.</summary>
    public static string Scope(PolicyRule rule) => rule.StoreId is null ? "every store" : "this store";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
