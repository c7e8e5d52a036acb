<?xml version="1.0" encoding="UTF-8"?>
<!-- The register pages: persons, places, organisations, every entry with its mentions. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:key name="tt:mentions" match="tei:text//*[tt:is-mention(.)]" use="tt:local-refs(.)"/>

  <!-- kind: person, place or org; page: its key in the navigation (persons, places, orgs). -->
  <xsl:template name="register-page">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="page" as="xs:string"/>
    <xsl:variable name="edition" as="document-node()" select="root(.)"/>
    <xsl:variable name="entries" as="element()*" select="tt:all-entries($edition)[tt:entry-kind(.) eq $kind]"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="tt:ui($page)"/>
      <xsl:with-param name="current" select="$page"/>
      <xsl:with-param name="scripts" select="'filter.js'"/>
      <xsl:with-param name="content">
        <h1>{tt:ui($page)}</h1>
        <p class="count">{count($entries)} {tt:ui('entries')}</p>
        <p class="filter">
          <label for="tt-filter" hidden="hidden">{tt:ui('filter')}</label>
          <input type="search" id="tt-filter" hidden="hidden" autocomplete="off"/>
          <span id="tt-filter-status" class="count" aria-live="polite"></span>
        </p>
        <xsl:if test="exists($entries)">
          <nav class="az" aria-label="{tt:ui($page)}">
            <ul>
              <xsl:for-each select="$entries">
                <xsl:sort select="lower-case(tt:entry-label(.))"/>
                <xsl:sort select="string(@xml:id)"/>
                <li><a href="#{@xml:id}">{tt:entry-label(.)}</a></li>
              </xsl:for-each>
            </ul>
          </nav>
        </xsl:if>
        <xsl:for-each select="$entries">
          <xsl:sort select="lower-case(tt:entry-label(.))"/>
          <xsl:sort select="string(@xml:id)"/>
          <xsl:apply-templates select="." mode="entry">
            <xsl:with-param name="mentions" select="key('tt:mentions', string(@xml:id), $edition)"/>
          </xsl:apply-templates>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="persons-page">
    <xsl:call-template name="register-page">
      <xsl:with-param name="kind" select="'person'"/>
      <xsl:with-param name="page" select="'persons'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="places-page">
    <xsl:call-template name="register-page">
      <xsl:with-param name="kind" select="'place'"/>
      <xsl:with-param name="page" select="'places'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="orgs-page">
    <xsl:call-template name="register-page">
      <xsl:with-param name="kind" select="'org'"/>
      <xsl:with-param name="page" select="'orgs'"/>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
