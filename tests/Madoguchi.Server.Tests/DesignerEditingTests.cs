using Madoguchi.Core.Procedures;
using Madoguchi.Server.Features.Designer;
using Madoguchi.Server.Infrastructure;

namespace Madoguchi.Server.Tests;

/// <summary>The designer's pure parts: ids, moves, undo history, problem locations, and agreement with the parser.</summary>
public sealed class DesignerEditingTests
{
    private const string SampleJson = """
        {
          "format": 1,
          "slug": "sample",
          "title": { "ja": "見本" },
          "department": { "ja": "市民課" },
          "applicantNameField": "name",
          "pages": [
            {
              "id": "who",
              "title": { "ja": "申請者" },
              "fields": [
                { "id": "name", "type": "text", "label": { "ja": "氏名" }, "required": true },
                { "id": "kind", "type": "choice", "label": { "ja": "区分" }, "choices": [
                  { "value": "person", "label": { "ja": "個人" } }, { "value": "corp", "label": { "ja": "法人" } } ] },
                { "id": "corp", "type": "section", "label": { "ja": "法人の情報" }, "visibleWhen": "kind = 'corp'", "fields": [
                  { "id": "corpNumber", "type": "corporateNumber", "label": { "ja": "法人番号" } },
                  { "id": "address", "type": "address", "label": { "ja": "所在地" } }
                ] },
                { "id": "born", "type": "date", "label": { "ja": "生年月日" }, "display": "wareki" }
              ]
            },
            {
              "id": "costs",
              "title": { "ja": "経費" },
              "fields": [
                { "id": "invoices", "type": "repeat", "label": { "ja": "請求書" }, "fields": [
                  { "id": "vendor", "type": "text", "label": { "ja": "支払先" } },
                  { "id": "amount", "type": "integer", "label": { "ja": "金額" } }
                ] },
                { "id": "total", "type": "integer", "label": { "ja": "合計" }, "calculate": "sum(invoices.amount)" },
                { "id": "doc", "type": "file", "label": { "ja": "見積書" } }
              ]
            }
          ],
          "checks": [
            { "id": "withinLimit", "assert": "total <= 100", "message": { "ja": "多すぎます" }, "fields": ["invoices"] }
          ]
        }
        """;

    private static readonly UiText Ui = new();

    private static ProcedureDefinition Sample()
    {
        var parsed = ProcedureDefinitionParser.Parse(SampleJson);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Problems.Select(p => $"{p.Code} at {p.Path}")));
        return parsed.Definition!;
    }

    private static NodePath P(string path) => NodePath.Parse(path)!;

    private static string Id(ProcedureDefinition d, string path) => DefinitionEditor.GetField(d, P(path)).Id;

    private static void AssertValid(ProcedureDefinition d)
    {
        var problems = DesignerValidator.Validate(d);
        Assert.True(problems.Count == 0, string.Join("; ", problems.All.Select(p => $"{p.Problem.Code} at {p.Problem.Path}")));
    }

    // ---- Ids ----

    [Fact]
    public void New_ids_are_the_type_name_and_the_lowest_free_number_across_pages_fields_and_checks()
    {
        var d = Sample();
        Assert.Equal("text1", DesignerIds.NewFieldId(d, FieldType.Text));
        Assert.Equal("multiChoice1", DesignerIds.NewFieldId(d, FieldType.MultiChoice));
        Assert.Equal("bankAccount1", DesignerIds.NewFieldId(d, FieldType.BankAccount));

        var taken = d with
        {
            Pages = [d.Pages[0] with { Id = "text2" }, d.Pages[1] with { Fields = [.. d.Pages[1].Fields, new FieldDefinition { Id = "text1", Type = FieldType.Text, Label = new("x") }] }],
            Checks = [d.Checks[0] with { Id = "text3" }],
        };
        Assert.Equal("text4", DesignerIds.NewFieldId(taken, FieldType.Text));
        Assert.Equal("page1", DesignerIds.NewPageId(taken));
        Assert.Equal("check1", DesignerIds.NewCheckId(taken));
    }

    [Fact]
    public void Renaming_the_label_never_changes_the_id()
    {
        var session = new DesignerSession(Sample(), TimeProvider.System);
        var kind = FieldKinds.Find("text")!;
        var placed = DefinitionEditor.Insert(session.Definition, P("0"), 1, FieldKinds.Create(kind, DesignerIds.NewFieldId(session.Definition, kind.Type), Ui));
        session.Apply(placed.Definition, DesignerSelection.Of(placed.Path));
        var id = Id(session.Definition, "0.1");

        session.Apply(DefinitionEditor.UpdateField(session.Definition, P("0.1"), f => f with { Label = new LocalizedText("世帯主の氏名", "Head of household") }));

        Assert.Equal("text1", id);
        Assert.Equal(id, Id(session.Definition, "0.1"));
        Assert.Equal("世帯主の氏名", DefinitionEditor.GetField(session.Definition, P("0.1")).Label.Ja);
    }

    [Theory]
    [InlineData("name", "name", IdProblem.None)]
    [InlineData("name", "applicant", IdProblem.None)]
    [InlineData("name", "1st", IdProblem.Malformed)]
    [InlineData("name", "氏名", IdProblem.Malformed)]
    [InlineData("name", "has space", IdProblem.Malformed)]
    [InlineData("name", "kind", IdProblem.Duplicate)]
    [InlineData("name", "costs", IdProblem.Duplicate)]
    [InlineData("name", "withinLimit", IdProblem.Duplicate)]
    public void An_id_change_is_checked_before_it_is_made(string current, string proposed, IdProblem expected) =>
        Assert.Equal(expected, DesignerIds.CheckRename(Sample(), current, proposed));

    [Fact]
    public void Renaming_an_id_updates_the_references_to_it()
    {
        var d = Sample();
        var renamed = DesignerIds.RenameField(d, P("0.0"), "applicant");
        Assert.Equal("applicant", renamed.ApplicantNameField);

        renamed = DesignerIds.RenameField(renamed, P("1.0"), "bills");
        Assert.Equal(["bills"], renamed.Checks[0].Fields);
        Assert.Equal("sum(bills.amount)", renamed.Pages[1].Fields[1].Calculate); // rules follow the rename

        renamed = DesignerIds.RenamePage(renamed with { Pages = [renamed.Pages[0] with { Next = [new PageBranch { When = "1 = 1", GoTo = "costs" }] }, renamed.Pages[1]] }, 1, "expenses");
        Assert.Equal("expenses", renamed.Pages[0].Next[0].GoTo);
        Assert.Empty(DesignerValidator.Validate(renamed).All);
    }

    [Fact]
    public void Duplicating_copies_a_field_and_everything_in_it_with_new_ids()
    {
        var d = Sample();
        var copy = DefinitionEditor.Duplicate(d, P("1.0"));

        Assert.Equal(P("1.1"), copy.Path);
        var repeat = DefinitionEditor.GetField(copy.Definition, copy.Path);
        Assert.Equal("repeat1", repeat.Id);
        Assert.Equal(["text1", "integer1"], repeat.Fields!.Select(f => f.Id));
        Assert.Equal("請求書", repeat.Label.Ja);
        AssertValid(copy.Definition);

        var page = DefinitionEditor.DuplicatePage(d, 0);
        Assert.Equal(3, page.Pages.Count);
        Assert.Equal("page1", page.Pages[1].Id);
        AssertValid(page);
    }

    // ---- Moves ----

    [Theory]
    [InlineData("0.3", "up", "0.2", "born")] // before the previous sibling (a section is passed over, not entered)
    [InlineData("0.2.0", "up", "0.2", "corpNumber")] // the first of a group leaves it, placed before it
    [InlineData("0.2.1", "down", "0.3", "address")] // the last of a group leaves it, placed after it
    [InlineData("1.0", "up", "0.4", "invoices")] // the first of a page goes to the end of the previous page
    [InlineData("0.3", "down", "1.0", "born")] // the last of a page goes to the top of the next
    [InlineData("0.3", "in", "0.2.2", "born")] // into the group just above, at its end
    [InlineData("1.0.0", "out", "1.1", "vendor")]
    [InlineData("0.0", "down", "0.1", "name")]
    public void Keyboard_moves_step_through_the_outline_in_reading_order(string from, string direction, string to, string id)
    {
        var d = Sample();
        var result = direction switch
        {
            "up" => DefinitionEditor.MoveUp(d, P(from)),
            "down" => DefinitionEditor.MoveDown(d, P(from)),
            "in" => DefinitionEditor.MoveIn(d, P(from)),
            _ => DefinitionEditor.MoveOut(d, P(from)),
        };

        Assert.NotNull(result);
        Assert.Equal(P(to), result.Path);
        Assert.Equal(id, Id(result.Definition, to));
        Assert.Equal(d.AllFields.Count(), result.Definition.AllFields.Count());
        AssertValid(result.Definition);
    }

    [Theory]
    [InlineData("0.0", "up")] // first field of the first page
    [InlineData("1.2", "down")] // last field of the last page
    [InlineData("0.1", "in")] // the field above is not a group
    [InlineData("0.1", "out")] // not in a group
    public void Moves_that_cannot_happen_change_nothing(string from, string direction)
    {
        var d = Sample();
        var result = direction switch
        {
            "up" => DefinitionEditor.MoveUp(d, P(from)),
            "down" => DefinitionEditor.MoveDown(d, P(from)),
            "in" => DefinitionEditor.MoveIn(d, P(from)),
            _ => DefinitionEditor.MoveOut(d, P(from)),
        };

        Assert.Null(result);
    }

    [Fact]
    public void A_file_right_after_a_repeat_group_cannot_be_moved_into_it()
    {
        var arranged = DefinitionEditor.Move(Sample(), P("1.2"), P("1"), 1)!;
        Assert.Equal(P("1.1"), arranged.Path);
        Assert.Equal("doc", Id(arranged.Definition, "1.1"));
        Assert.Null(DefinitionEditor.MoveIn(arranged.Definition, arranged.Path));
    }

    [Fact]
    public void A_drop_index_counts_the_holder_as_it_was_before_the_move()
    {
        var d = Sample();

        // "Before born" (index 3) from index 0 of the same page: name lands just before born.
        var forward = DefinitionEditor.Move(d, P("0.0"), P("0"), 3)!;
        Assert.Equal(P("0.2"), forward.Path);
        Assert.Equal(["kind", "corp", "name", "born"], forward.Definition.Pages[0].Fields.Select(f => f.Id));

        // Into a group that shifts up because the moved field was before it.
        var into = DefinitionEditor.Move(d, P("0.0"), P("0.2"), 0)!;
        Assert.Equal(P("0.1.0"), into.Path);
        Assert.Equal(["name", "corpNumber", "address"], DefinitionEditor.GetField(into.Definition, P("0.1")).Fields!.Select(f => f.Id));

        // Across pages.
        var across = DefinitionEditor.Move(d, P("1.1"), P("0"), 1)!;
        Assert.Equal("total", Id(across.Definition, "0.1"));
        Assert.Equal(["invoices", "doc"], across.Definition.Pages[1].Fields.Select(f => f.Id));

        // Dropping a field where it already is, or a group into itself, is not a move.
        Assert.Null(DefinitionEditor.Move(d, P("0.1"), P("0"), 1));
        Assert.Null(DefinitionEditor.Move(d, P("0.1"), P("0"), 2));
        Assert.Null(DefinitionEditor.Move(d, P("0.2"), P("0.2"), 0));
    }

    [Fact]
    public void Placements_the_format_forbids_are_refused()
    {
        var d = Sample();
        var repeat = P("1.0");
        Assert.False(DefinitionEditor.CanPlace(d, repeat, DefinitionEditor.GetField(d, P("1.2")))); // file into repeat
        Assert.False(DefinitionEditor.CanPlace(d, repeat, DefinitionEditor.GetField(d, repeat) with { Id = "x" })); // repeat into repeat
        Assert.Null(DefinitionEditor.Move(d, P("1.2"), repeat, 0));
        Assert.False(DefinitionEditor.CanPlace(d, P("0.0"), DefinitionEditor.GetField(d, P("0.1")))); // a text field holds nothing

        // Sections nest three deep at most: section(0.2) > s2 > s3 holds fields, but not another section.
        var section = new FieldDefinition { Id = "s2", Type = FieldType.Section, Label = new("二"), Fields = [new FieldDefinition { Id = "s3", Type = FieldType.Section, Label = new("三"), Fields = [] }] };
        var nested = DefinitionEditor.Insert(d, P("0.2"), 0, section).Definition;
        var deepest = P("0.2.0.0");
        Assert.True(DefinitionEditor.CanPlace(nested, deepest, new FieldDefinition { Id = "t", Type = FieldType.Text }));
        Assert.False(DefinitionEditor.CanPlace(nested, deepest, new FieldDefinition { Id = "s4", Type = FieldType.Section, Fields = [] }));
    }

    [Fact]
    public void An_edit_shares_every_untouched_element_with_the_previous_definition()
    {
        var d = Sample();
        var edited = DefinitionEditor.UpdateField(d, P("0.2.1"), f => f with { Label = new("本店所在地") });

        Assert.NotSame(d, edited);
        Assert.Same(d.Pages[1], edited.Pages[1]);
        Assert.Same(d.Pages[0].Fields[0], edited.Pages[0].Fields[0]);
        Assert.Same(d.Pages[0].Fields[2].Fields![0], edited.Pages[0].Fields[2].Fields![0]);
        Assert.NotSame(d.Pages[0].Fields[2], edited.Pages[0].Fields[2]);
        Assert.Same(d, DefinitionEditor.UpdateField(d, P("0.0"), f => f));
    }

    // ---- Undo history ----

    [Fact]
    public void Undo_and_redo_walk_the_snapshots_and_a_new_edit_drops_the_redo_branch()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var history = new DesignerHistory<string>("a");
        history.Push("b", null, t0);
        history.Push("c", null, t0);

        Assert.Equal("b", history.Undo());
        Assert.Equal("a", history.Undo());
        Assert.False(history.CanUndo);
        Assert.Equal("a", history.Undo());
        Assert.Equal("b", history.Redo());
        history.Push("d", null, t0);
        Assert.False(history.CanRedo);
        Assert.Equal("d", history.Current);
        Assert.Equal("b", history.Undo());
    }

    [Fact]
    public void Quick_edits_of_one_property_are_one_undo_step()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var history = new DesignerHistory<string>("");
        history.Push("氏", "0.0:label", t0);
        history.Push("氏名", "0.0:label", t0.AddSeconds(1));
        history.Push("氏名を", "0.0:label", t0.AddSeconds(2));
        history.Push("x", "0.0:hint", t0.AddSeconds(2.5));
        history.Push("氏名を入力", "0.0:label", t0.AddSeconds(3));
        history.Push("氏名を入力して", "0.0:label", t0.AddSeconds(10));

        Assert.Equal(5, history.Count);
        Assert.Equal("氏名を入力", history.Undo());
        Assert.Equal("x", history.Undo());
        Assert.Equal("氏名を", history.Undo());
        Assert.Equal("", history.Undo());

        var sealedHistory = new DesignerHistory<string>("");
        sealedHistory.Push("a", "k", t0);
        sealedHistory.Seal();
        sealedHistory.Push("b", "k", t0);
        Assert.Equal(3, sealedHistory.Count);
    }

    [Fact]
    public void The_history_keeps_a_bounded_number_of_steps()
    {
        var history = new DesignerHistory<string>("0", capacity: 10);
        for (var i = 1; i <= 25; i++)
        {
            history.Push(i.ToString(System.Globalization.CultureInfo.InvariantCulture), null, DateTimeOffset.UnixEpoch);
        }

        Assert.Equal(10, history.Count);
        while (history.CanUndo)
        {
            history.Undo();
        }

        Assert.Equal("16", history.Current);
    }

    [Fact]
    public void The_session_undoes_definition_and_selection_together()
    {
        var d = Sample();
        var session = new DesignerSession(d, TimeProvider.System);
        Assert.Equal(0, session.Revision);
        Assert.False(session.Apply(d));
        Assert.False(session.Apply(DefinitionEditor.UpdateField(d, P("0.0"), f => f)));

        var removed = DefinitionEditor.Remove(d, P("0.3"));
        Assert.True(session.Apply(removed, DesignerSelection.Of(P("0.2"))));
        Assert.Equal(1, session.Revision);

        Assert.True(session.Undo());
        Assert.Same(d, session.Definition);
        Assert.Equal(4, session.Definition.Pages[0].Fields.Count);
        Assert.True(session.Redo());
        Assert.Same(removed, session.Definition);
        Assert.Equal(DesignerSelection.Of(P("0.2")), session.Selection);
        Assert.Equal(3, session.Revision);
        Assert.False(session.Redo());
    }

    // ---- Problems on elements ----

    [Theory]
    [InlineData("$.pages[1].fields[0].fields[2].label.ja", ProblemTargetKind.Field, "1.0.2", "label.ja", "label")]
    [InlineData("$.pages[0].fields[3].choices[1].value", ProblemTargetKind.Field, "0.3", "choices[1].value", "choices")]
    [InlineData("$.pages[0].fields[3]", ProblemTargetKind.Field, "0.3", "", "")]
    [InlineData("$.pages[2].title", ProblemTargetKind.Page, "2", "title", "title")]
    [InlineData("$.pages[0].next[1].goTo", ProblemTargetKind.Page, "0", "next[1].goTo", "next")]
    [InlineData("$.pages[0].fields", ProblemTargetKind.Page, "0", "fields", "fields")]
    [InlineData("$.checks[3].fields[0]", ProblemTargetKind.Check, null, "fields[0]", "fields")]
    [InlineData("$.slug", ProblemTargetKind.Procedure, null, "slug", "slug")]
    [InlineData("$.contact.phone", ProblemTargetKind.Procedure, null, "contact.phone", "contact")]
    [InlineData("$['odd name']", ProblemTargetKind.Procedure, null, "odd name", "odd name")]
    [InlineData("$", ProblemTargetKind.Procedure, null, "", "")]
    public void A_problem_path_names_its_element_and_property(string path, ProblemTargetKind kind, string? node, string property, string root)
    {
        var target = ProblemLocator.Locate(path);
        Assert.Equal(kind, target.Kind);
        Assert.Equal(node is null ? null : P(node), target.Path);
        Assert.Equal(property, target.Property);
        Assert.Equal(root, target.PropertyRoot);
        if (kind == ProblemTargetKind.Check)
        {
            Assert.Equal(3, target.CheckIndex);
        }
    }

    [Fact]
    public void Problems_of_the_definition_land_on_their_elements_and_count_in_their_ancestors()
    {
        var d = Sample();
        d = DefinitionEditor.UpdateField(d, P("0.2.1"), f => f with { Label = new LocalizedText("") });
        d = DefinitionEditor.UpdateField(d, P("1.1"), f => f with { Calculate = "sum(invoices.amount" });
        d = d with { Pages = [d.Pages[0], d.Pages[1] with { Title = new LocalizedText(" ") }], Checks = [d.Checks[0] with { Fields = ["amount"] }] };

        var problems = DesignerValidator.Validate(d);

        Assert.Equal(4, problems.Count);
        var label = Assert.Single(problems.For(P("0.2.1")));
        Assert.Equal("label", label.Target.PropertyRoot);
        Assert.Equal("required", label.Problem.Code);
        Assert.Equal(1, problems.CountWithin(P("0.2")));
        Assert.Equal(1, problems.CountWithin(P("0")));
        Assert.Equal(0, problems.CountWithin(P("0.1")));
        Assert.Single(problems.For(P("1.1"), "calculate"));
        Assert.Equal("expression:unclosed-paren", problems.For(P("1.1"), "calculate").Single().Problem.Code);
        Assert.Single(problems.For(P("1"), "title"));
        Assert.Equal(2, problems.CountWithin(P("1")));
        Assert.Equal("fieldInRepeat", Assert.Single(problems.ForCheck(0)).Problem.Code);
        Assert.Equal(DesignerSelection.Of(P("0.2.1")), DesignerProblems.SelectionFor(label.Target));
        Assert.Equal(DesignerSelection.Checks, DesignerProblems.SelectionFor(problems.ForCheck(0)[0].Target));
        Assert.NotEqual(problems.WithinSignature(P("0")), problems.WithinSignature(P("1")));
    }

    [Theory]
    [InlineData("sum(invoices.amount", "expression:unclosed-paren")]
    [InlineData("total > 1)", "expression:")]
    [InlineData("kind = 'corp", "expression:")]
    [InlineData("sum(nothing.amount)", "expression:unknown-field")]
    public void Expression_problems_come_from_the_parser_at_their_path(string expression, string codePrefix)
    {
        var d = DefinitionEditor.UpdateField(Sample(), P("1.1"), f => f with { Calculate = expression });
        var problem = Assert.Single(DesignerValidator.Validate(d).All, p => p.Problem.Path == "$.pages[1].fields[1].calculate");
        Assert.StartsWith(codePrefix, problem.Problem.Code, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(problem.Problem.Message.En));
        Assert.Empty(DesignerValidator.Validate(DefinitionEditor.UpdateField(d, P("1.1"), f => f with { Calculate = "sum(invoices.amount)" })).All);
    }

    // ---- Agreement with the parser ----

    public static TheoryData<FieldType> Types => [.. Enum.GetValues<FieldType>()];

    [Theory, MemberData(nameof(Types))]
    public void The_panel_offers_exactly_the_properties_the_parser_accepts_for_each_type(FieldType type)
    {
        var typeName = DesignerIds.Prefix(type);
        foreach (var property in FieldProperties.All)
        {
            var field = new Dictionary<string, string>
            {
                ["id"] = "\"f\"",
                ["type"] = $"\"{typeName}\"",
            };
            if (type.IsStatic())
            {
                field["text"] = "{ \"ja\": \"本文\" }";
            }
            else
            {
                field["label"] = "{ \"ja\": \"項目\" }";
            }

            if (type is FieldType.Choice or FieldType.MultiChoice)
            {
                field["choices"] = "[ { \"value\": \"a\", \"label\": { \"ja\": \"A\" } }, { \"value\": \"b\", \"label\": { \"ja\": \"B\" } } ]";
            }

            if (type.IsContainer())
            {
                field["fields"] = "[ { \"id\": \"child\", \"type\": \"text\", \"label\": { \"ja\": \"子\" } } ]";
            }

            field[property] = SampleValue(property, type);
            var json = $$"""
                { "format": 1, "slug": "props", "title": { "ja": "t" }, "department": { "ja": "d" },
                  "pages": [ { "id": "p", "title": { "ja": "p" }, "fields": [ { {{string.Join(", ", field.Select(kv => $"\"{kv.Key}\": {kv.Value}"))}} } ] } ] }
                """;
            var problems = ProcedureDefinitionParser.Parse(json).Problems;
            var refused = problems.Any(p => p.Path == $"$.pages[0].fields[0].{property}" && p.Code == "notApplicable");
            Assert.True(refused != FieldProperties.Applies(type, property), $"{typeName}.{property}: parser refuses = {refused}, designer offers = {FieldProperties.Applies(type, property)}");
            if (!refused)
            {
                Assert.True(problems.Count == 0, $"{typeName}.{property}: " + string.Join("; ", problems.Select(p => $"{p.Code} at {p.Path}")));
            }
        }
    }

    private static string SampleValue(string property, FieldType type) => property switch
    {
        "label" or "hint" or "patternMessage" or "unit" or "text" or "rowLabel" => "{ \"ja\": \"x\" }",
        "required" or "reading" => "true",
        // Expressions are type-checked against the form now, so each sample is valid for its place.
        "visibleWhen" or "requiredWhen" => "\"1 = 1\"",
        "calculate" => type switch
        {
            FieldType.Date => "\"date('2026-01-01')\"",
            FieldType.YesNo => "\"true\"",
            FieldType.Text => "\"'x'\"",
            _ => "\"1 + 1\"",
        },
        "minLength" or "minSelected" or "maxFiles" or "min" or "scale" => "1",
        "maxLength" or "maxSelected" or "max" or "maxRows" => "2",
        "minRows" => "0",
        "pattern" => "\"[0-9]+\"",
        "minDate" => "\"2020-01-01\"",
        "maxDate" => "\"2021-01-01\"",
        "choices" => "[ { \"value\": \"a\", \"label\": { \"ja\": \"A\" } }, { \"value\": \"b\", \"label\": { \"ja\": \"B\" } } ]",
        "display" => type == FieldType.Date ? "\"wareki\"" : "\"select\"",
        "accept" => "[\"pdf\"]",
        "maxFileSizeBytes" => "1000",
        "fields" => "[ { \"id\": \"child\", \"type\": \"text\", \"label\": { \"ja\": \"子\" } } ]",
        "charset" => "\"jisx0208\"",
        "phoneKind" => "\"mobile\"",
        _ => throw new ArgumentOutOfRangeException(nameof(property), property, null),
    };

    [Fact]
    public void Every_palette_entry_makes_a_field_the_parser_accepts_and_kinds_change_cleanly()
    {
        var d = Sample();
        var fields = new List<FieldDefinition>();
        foreach (var kind in FieldKinds.All)
        {
            var field = FieldKinds.Create(kind, DesignerIds.Next(DesignerIds.Prefix(kind.Type), DesignerIds.Used(d with { Pages = [.. d.Pages, new PageDefinition { Fields = fields }] })), Ui);
            if (kind.IsContainer)
            {
                Assert.Empty(field.Fields!);
                field = field with { Fields = [new FieldDefinition { Id = "in" + field.Id, Type = FieldType.Text, Label = new("中") }] };
            }

            Assert.Equal(kind, FieldKinds.Of(field));
            fields.Add(field);
        }

        var all = d with { Pages = [.. d.Pages, new PageDefinition { Id = "palette", Title = new("全種類"), Fields = fields }] };
        AssertValid(all);
        Assert.Equal("wareki", all.Pages[2].Fields.Single(f => f.Id == "date2").Display);

        // Every non-container kind into every other: what the new type does not use is gone, nothing else breaks.
        var flat = FieldKinds.All.Where(k => !k.IsContainer).ToList();
        foreach (var from in flat)
        {
            foreach (var to in flat)
            {
                var field = FieldKinds.Create(from, "f", Ui) with { Hint = new("ヒント"), Required = !from.Type.IsStatic(), MaxLength = 10 };
                field = FieldProperties.Strip(field);
                var changed = FieldKinds.ChangeKind(field, to, Ui);
                Assert.Equal(to, FieldKinds.Of(changed));
                Assert.Equal("f", changed.Id);
                AssertValid(d with { Pages = [d.Pages[0] with { Fields = [.. d.Pages[0].Fields, changed] }, d.Pages[1]] });
            }
        }
    }
}
