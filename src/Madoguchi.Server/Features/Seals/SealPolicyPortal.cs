using Madoguchi.Server.Features.Applicants;
using Madoguchi.Server.Features.Portal;

namespace Madoguchi.Server.Features.Seals;

/// <summary>What the portal tells an applicant about a procedure's seal policy (docs/procedure-format.md, Seal policy).</summary>
public static class SealPolicyPortal
{
    /// <summary>Where to sign in with the identity provider and come back to the procedure; null when none is configured.</summary>
    public static string? IdentitySignInHref(string tenant, string slug, ApplicantOidcOptions oidc)
    {
        ArgumentNullException.ThrowIfNull(oidc);
        return oidc.Enabled ? $"/p/{tenant}/account/oidc?returnUrl={Uri.EscapeDataString($"/p/{tenant}/{slug}")}" : null;
    }

    /// <summary>
    /// The page for an applicant who is not signed in through the identity provider (or only with an e-mail and
    /// password): what is needed and, when a provider is configured, the link that signs in with it. 403.
    /// </summary>
    public static IResult IdentityRequired(PortalContext portal, string tenant, string slug, ApplicantOidcOptions oidc)
    {
        ArgumentNullException.ThrowIfNull(portal);
        ArgumentNullException.ThrowIfNull(oidc);
        var href = IdentitySignInHref(tenant, slug, oidc);
        var provider = oidc.DisplayName is { Length: > 0 } name ? name : portal.Ui.Get("applicant.oidcDefault");
        return portal.Page<MessagePage>(
            new
            {
                Chrome = portal.Chrome(),
                Heading = portal.Ui.Get("seal.identityRequiredTitle"),
                Message = portal.Ui.Get(href is null ? "seal.identityUnavailable" : "seal.identityRequiredText"),
                LinkHref = href,
                LinkText = href is null ? null : portal.Ui.Format("seal.identitySignIn", provider),
            },
            StatusCodes.Status403Forbidden);
    }
}
