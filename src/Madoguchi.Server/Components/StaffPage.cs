using Madoguchi.Data;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Components;

/// <summary>
/// Base of every back-office page. A Blazor circuit has its own DI scope that no middleware touched, so the page
/// takes the tenant from the signed-in user before it reads anything.
/// </summary>
public abstract class StaffPage : ComponentBase
{
    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }
    [Inject] protected TenantScope Tenant { get; set; } = default!;
    [Inject] protected IDbContextFactory<AppDbContext> Contexts { get; set; } = default!;
    [Inject] protected UiText Ui { get; set; } = default!;

    protected string Actor { get; private set; } = "";

    protected string Lang => UiText.CurrentLanguage;

    protected sealed override async Task OnInitializedAsync()
    {
        var state = AuthenticationState is null ? null : await AuthenticationState;
        if (state?.User.FindFirst(TenantScope.ClaimType)?.Value is { } tenant && Guid.TryParse(tenant, out var id))
        {
            Tenant.Set(id);
            Actor = "staff:" + state.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
            await LoadAsync();
        }
    }

    protected virtual Task LoadAsync() => Task.CompletedTask;
}
