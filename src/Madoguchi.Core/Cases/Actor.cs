using System.Text.Json.Serialization;

namespace Madoguchi.Core.Cases;

[JsonConverter(typeof(JsonStringEnumConverter<ActorKind>))]
public enum ActorKind
{
    /// <summary>A signed-in staff member of the tenant.</summary>
    [JsonStringEnumMemberName("staff")] Staff,

    /// <summary>The applicant, authenticated by the caller (account, or receipt number and access code).</summary>
    [JsonStringEnumMemberName("applicant")] Applicant,
}

/// <summary>
/// Who issues a command, as the caller authenticated them. Core trusts this (it has no way to check it); the roles and
/// departments are those the staff member holds at the time, and are kept in the audit record with each transition.
/// </summary>
public sealed record Actor
{
    [JsonConstructor]
    public Actor(string id, ActorKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        Kind = kind;
    }

    /// <summary>Staff member's user id, or the applicant's account id (or another stable id the caller chooses).</summary>
    [JsonPropertyName("id")] public string Id { get; }

    [JsonPropertyName("kind")] public ActorKind Kind { get; }

    [JsonPropertyName("roles")] public IReadOnlyList<string> Roles { get; init; } = [];

    [JsonPropertyName("departments")] public IReadOnlyList<string> Departments { get; init; } = [];

    public static Actor Staff(string id, IEnumerable<string>? roles = null, IEnumerable<string>? departments = null) =>
        new(id, ActorKind.Staff) { Roles = [.. roles ?? []], Departments = [.. departments ?? []] };

    public static Actor Applicant(string id) => new(id, ActorKind.Applicant);

    public override string ToString() => $"{Kind}:{Id}";
}
