using Engram.Web.Http;
using Engram.Web.Sessions;
using Microsoft.AspNetCore.Mvc;

namespace Engram.Web.Pages.Admin;

/// <summary>Who is signed in to the UI now, and ending a sign-in (admins only): it stops working at its next request.</summary>
[AdminPage]
internal sealed class SignInsModel(UiSessionStore sessions, EngramEngine engine) : UiPageModel
{
    public IReadOnlyList<UiSession> Sessions { get; private set; } = [];

    public string? Current { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public void OnGet() => Load();

    public IActionResult OnPostEnd([FromForm(Name = "id")] string? id)
    {
        sessions.EndById(id ?? "");
        return LocalRedirect("/ui/admin/sign-ins");
    }

    private void Load()
    {
        Sessions = sessions.List();
        Current = UiRequest.SessionOrNull(HttpContext)?.Id;
        Now = engine.Time.GetUtcNow();
    }
}
