using Madoguchi.Core.Answers;
using Madoguchi.Core.Procedures;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;

namespace Madoguchi.Server.Features.Portal;

/// <summary>What every portal page needs around its content.</summary>
public sealed record PortalChrome(TenantInfo Tenant, string Language, string Path, AntiforgeryTokenSet? Csrf)
{
    public bool English => Language == "en";

    public string T(LocalizedText? text) => text?.For(Language) ?? "";
}

public sealed record DraftFileView(Guid Id, string FieldId, string Name, long Length);

public sealed record FormPageModel(
    PortalChrome Chrome,
    ProcedureDefinition Definition,
    int PageIndex,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Values,
    IReadOnlyList<FieldError> Errors,
    IReadOnlyList<DraftFileView> Files,
    string BaseUrl,
    bool Saved);

public sealed record ConfirmModel(
    PortalChrome Chrome,
    ProcedureDefinition Definition,
    System.Text.Json.Nodes.JsonObject Answers,
    IReadOnlyList<DraftFileView> Files,
    string BaseUrl);

public sealed record DoneModel(PortalChrome Chrome, ProcedureDefinition Definition, string ReceiptNumber, string AccessCode, DateTime SubmittedAt, string StatusUrl);

public sealed record StatusModel(PortalChrome Chrome, string? ReceiptNumber, string? Error, Application? Application, string? ProcedureTitle);
