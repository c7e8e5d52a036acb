<?xml version="1.0" encoding="UTF-8"?>
<!-- The corpus index: every document with its metadata and mention counts, sortable. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The kind of each mention in a document, resolved through its entry when it has one. -->
  <xsl:function name="tt:mention-kinds-of" as="xs:string*">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="$doc//tei:text//*[tt:is-mention(.)] !
        (tt:targets(.)[1]?kind[. ne 'external'], tt:mention-kind(.), 'entity')[1]"/>
  </xsl:function>

  <xsl:template name="index-page">
    <xsl:variable name="docs" as="element()*" select="/tt:edition/tt:doc"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="$site_title"/>
      <xsl:with-param name="current" select="'index'"/>
      <xsl:with-param name="scripts" select="'sort.js'"/>
      <xsl:with-param name="content">
        <h1>{$site_title}</h1>
        <p class="count">{count($docs)} {tt:ui('document-count')}</p>
        <div class="table-wrap">
          <table class="documents sortable">
            <thead>
              <tr>
                <xsl:for-each select="('title', 'author', 'date', 'words', 'persons', 'places', 'orgs')">
                  <th scope="col" data-type="{if (. = ('words', 'persons', 'places', 'orgs')) then 'number' else 'text'}">
                    <button type="button" aria-label="{tt:ui('sort-by')} {tt:ui(.)}">{tt:ui(.)}</button>
                  </th>
                </xsl:for-each>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$docs">
                <xsl:variable name="kinds" as="xs:string*" select="tt:mention-kinds-of(.)"/>
                <xsl:variable name="date" as="element()?" select="tt:doc-date(.)"/>
                <tr>
                  <td><a href="{@href}">{tt:doc-title(.)}</a></td>
                  <td>{string-join(tt:doc-authors(.), '; ')}</td>
                  <td data-value="{tt:doc-date-iso(.)}">{tt:normalize($date)}</td>
                  <td data-value="{tt:words(.)}">{tt:words(.)}</td>
                  <xsl:for-each select="('person', 'place', 'org')">
                    <td data-value="{count($kinds[. eq current()])}">{count($kinds[. eq current()])}</td>
                  </xsl:for-each>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
