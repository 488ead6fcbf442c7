using System.Text;
using Madoguchi.Core.Import;
using Madoguchi.Core.Procedures;
using static Madoguchi.Core.Tests.Import.ImportAssertions;

namespace Madoguchi.Core.Tests.Import;

/// <summary>ODK XForms (hand-written fixtures in tests/fixtures/odk/*.xml) translated into procedure definitions.</summary>
public sealed class XFormImporterTests
{
    [Theory]
    [InlineData("childcare.xml")]
    [InlineData("unsupported.xml")]
    public void Every_fixture_imports_into_a_valid_definition(string fixture)
    {
        var result = ImportXForm(fixture);

        AssertValid(result);
        Assert.All(result.Issues, i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i.MessageJa));
            Assert.False(string.IsNullOrWhiteSpace(i.MessageEn));
        });
    }

    [Fact]
    public void An_xlsform_and_its_xform_give_the_same_definition()
    {
        var fromXlsForm = ImportXlsForm("childcare.xlsform.txt");
        var fromXForm = ImportXForm("childcare.xml");

        Assert.Equal(ProcedureJson.Serialize(AssertValid(fromXlsForm)), ProcedureJson.Serialize(AssertValid(fromXForm)));
        Assert.Equal((fromXlsForm.SourceFormId, fromXlsForm.SourceVersion), (fromXForm.SourceFormId, fromXForm.SourceVersion));

        // The same issues, apart from the instanceID pyxform adds and the places they point at.
        Assert.Equal(
            fromXlsForm.Issues.Select(i => (i.Severity, i.Code)).ToList(),
            fromXForm.Issues.Where(i => i.Code != "metadata").Select(i => (i.Severity, i.Code)).ToList());
    }

    [Fact]
    public void Issues_name_the_element_line_and_attribute()
    {
        var result = ImportXForm("childcare.xml");

        var calculated = Assert.Single(result.Issues, i => i.Code == "hiddenCalculation" && i.Text == "subsidy");
        Assert.Equal("/h:html/h:head/model/bind[@nodeset='/data/children_page/subsidy']", calculated.Element);
        Assert.Equal(121, calculated.Line);
        Assert.Null(calculated.Sheet);
        Assert.Null(calculated.Row);

        var count = Assert.Single(result.Issues, i => i.Code == "repeatCount");
        Assert.Equal(("jr:count", 156, "5"), (count.Column, count.Line, count.Text));
        Assert.EndsWith("/repeat[@nodeset='/data/children_page/children']", count.Element, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ImportSeverity.Error, "unsupportedMedia", "/h:html/h:body/input[@ref='/survey/intro']/label", 66, "label")]
    [InlineData(ImportSeverity.Error, "unsupportedAttribute", "/h:html/h:head/model/bind[@nodeset='/survey/name']", 50, "jr:noAppErrorString")]
    [InlineData(ImportSeverity.Info, "metadata", "/h:html/h:head/model/bind[@nodeset='/survey/started']", 47, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedType", "/h:html/h:head/model/bind[@nodeset='/survey/device']", 48, "type")]
    [InlineData(ImportSeverity.Error, "defaultValue", "/survey[@id='unsupported-xform']/name", 21, null)]
    [InlineData(ImportSeverity.Error, "unsupportedType", "/h:html/h:body/upload[@ref='/survey/photo']", 71, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedType", "/h:html/h:body/range[@ref='/survey/rating']", 74, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedType", "/h:html/h:body/odk:rank[@ref='/survey/ranking']", 77, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedType", "/h:html/h:body/input[@ref='/survey/location']", 81, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedType", "/h:html/h:body/input[@ref='/survey/visit_time']", 84, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedType", "/h:html/h:body/select1[@ref='/survey/city']", 87, "type")]
    [InlineData(ImportSeverity.Error, "choiceFilter", "/select1[@ref='/survey/area']/itemset", 96, "nodeset")]
    [InlineData(ImportSeverity.Error, "hiddenValue", "/survey[@id='unsupported-xform']/leftover", 29, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedExpression", "/h:html/h:head/model/bind[@nodeset='/survey/near']", 58, "relevant")]
    [InlineData(ImportSeverity.Error, "unsupportedExpression", "/h:html/h:head/model/bind[@nodeset='/survey/near']", 58, "constraint")]
    [InlineData(ImportSeverity.Error, "repeatCount", "/repeat[@nodeset='/survey/members']", 106, "jr:count")]
    [InlineData(ImportSeverity.Error, "nestedRepeat", "/repeat[@nodeset='/survey/members/jobs']", 112, "type")]
    [InlineData(ImportSeverity.Error, "insideDropped", "/input[@ref='/survey/members/jobs/job']", 113, "type")]
    public void Unsupported_constructs_are_reported_on_their_element(ImportSeverity severity, string code, string element, int line, string? column)
    {
        var result = ImportXForm("unsupported.xml");

        Assert.True(result.Issues.Any(i => i.Severity == severity && i.Code == code && i.Element!.Contains(element, StringComparison.Ordinal) && i.Line == line && i.Column == column),
            $"Expected {severity} {code} at {element} line {line} [{column}].\n{Describe(result.Issues)}");
    }

    [Fact]
    public void Unsupported_xform_keeps_what_it_can()
    {
        var d = AssertValid(ImportXForm("unsupported.xml"));

        Assert.Equal("unsupported-xform", d.Slug);
        Assert.Equal(["intro", "name", "area", "near", "members", "member_name", "members_count"], d.AllFields.Select(f => f.Id));
        Assert.Equal(new LocalizedText("はじめに"), Field(d, "intro").Text);
        Assert.True(Field(d, "name").Required);
        Assert.Equal(["north", "south"], Field(d, "area").Choices!.Select(c => c.Value));
    }

    [Theory]
    [InlineData("<h:html xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:head>", "unreadable")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>", "unreadable")]
    [InlineData("<form><input ref=\"/a\"/></form>", "notXForm")]
    [InlineData("<h:html xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:head><h:title>x</h:title></h:head></h:html>", "notXForm")]
    public void Files_that_are_not_xforms_have_no_definition(string xml, string code)
    {
        var result = XFormImporter.Import(new MemoryStream(Encoding.UTF8.GetBytes(xml)), Options);

        Assert.Null(result.Definition);
        var issue = Assert.Single(result.Issues);
        Assert.Equal((ImportSeverity.Error, code), (issue.Severity, issue.Code));
    }

    [Fact]
    public void Plain_labels_relative_refs_inline_items_and_textareas_are_read()
    {
        const string Xml = """
            <h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:jr="http://openrosa.org/javarosa">
              <h:head>
                <h:title>Simple</h:title>
                <model>
                  <instance><data id="simple"><g><kind/><detail/></g><amount/></data></instance>
                  <bind nodeset="/data/g/kind" type="select1" required="true()"/>
                  <bind nodeset="/data/g/detail" type="string" relevant="../kind = 'other'" jr:constraintMsg="Too long" constraint="string-length(.) &lt;= 5"/>
                  <bind nodeset="/data/amount" type="xsd:int"/>
                </model>
              </h:head>
              <h:body>
                <group ref="/data/g">
                  <label>区分</label>
                  <select1 ref="kind">
                    <label>種類</label>
                    <item><label>その他</label><value>other</value></item>
                    <item><label>一般</label><value>general</value></item>
                  </select1>
                  <textarea ref="detail"><label>詳細</label></textarea>
                </group>
                <input ref="/data/amount"><label>金額</label><hint>円</hint></input>
              </h:body>
            </h:html>
            """;
        var result = XFormImporter.Import(new MemoryStream(Encoding.UTF8.GetBytes(Xml)), Options);
        var d = AssertValid(result);

        Assert.Equal(FieldType.Section, Field(d, "g").Type);
        Assert.Equal(FieldType.Choice, Field(d, "kind").Type);
        Assert.True(Field(d, "kind").Required);
        Assert.Equal(FieldType.TextArea, Field(d, "detail").Type);
        Assert.Equal("kind = 'other'", Field(d, "detail").VisibleWhen);
        Assert.Equal(5, Field(d, "detail").MaxLength);
        Assert.Equal(FieldType.Integer, Field(d, "amount").Type);
        Assert.Equal(new LocalizedText("円"), Field(d, "amount").Hint);
        Assert.Contains(result.Issues, i => i is { Code: "constraintMessage", Column: "jr:constraintMsg" });
    }
}
