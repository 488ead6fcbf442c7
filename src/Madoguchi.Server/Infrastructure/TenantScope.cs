using Madoguchi.Data;

namespace Madoguchi.Server.Infrastructure;

/// <summary>The tenant of the current request or circuit, set once by whoever authenticated it.</summary>
public sealed class TenantScope : ITenantContext
{
    public const string ClaimType = "madoguchi:tenant";

    public Guid? TenantId { get; private set; }

    public void Set(Guid tenantId)
    {
        if (TenantId is { } existing && existing != tenantId)
        {
            throw new InvalidOperationException("The tenant of a scope cannot change.");
        }

        TenantId = tenantId;
    }
}
