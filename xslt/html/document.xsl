<?xml version="1.0" encoding="UTF-8"?>
<!-- One document page: header metadata, the text, its notes. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template match="tt:doc" mode="document-page">
    <xsl:variable name="suggestions" as="xs:integer"
        select="count(.//tei:text//*[tt:is-mention(.)][exists(tt:targets(.)[?suggestion])])"/>
    <xsl:variable name="lang" as="xs:string?" select="(*/tei:text/@xml:lang, */@xml:lang)[1] ! tt:lang(.)"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="tt:doc-title(.)"/>
      <xsl:with-param name="scripts" select="'toggle.js'"/>
      <xsl:with-param name="content">
        <article class="document">
          <xsl:apply-templates select="." mode="doc-header"/>
          <xsl:if test="$suggestions gt 0">
            <p class="tools">
              <label>
                <input type="checkbox" id="tt-suggestions">
                  <xsl:if test="$show_suggestions"><xsl:attribute name="checked" select="'checked'"/></xsl:if>
                </input>
                <xsl:text> </xsl:text>
                <xsl:value-of select="tt:ui('show-suggestions') || ' (' || $suggestions || ')'"/>
              </label>
            </p>
          </xsl:if>
          <div class="text">
            <xsl:if test="$lang"><xsl:attribute name="lang" select="$lang"/></xsl:if>
            <xsl:apply-templates select=".//tei:text[not(ancestor::tei:text)]" mode="html"/>
          </div>
          <xsl:variable name="named" as="map(xs:string, item())*"
              select=".//tei:text//*[tt:is-mention(.)] ! tt:targets(.)[?kind ne 'external']"/>
          <xsl:if test="exists($named)">
            <section class="doc-entities" aria-labelledby="tt-names">
              <h2 id="tt-names">{tt:ui('names-here')}</h2>
              <xsl:for-each-group select="$named" group-by="?kind">
                <xsl:sort select="index-of(('person', 'place', 'org'), current-grouping-key())"/>
                <h3>{tt:ui(current-grouping-key() || 's')}</h3>
                <ul>
                  <xsl:for-each-group select="current-group()" group-by="?href">
                    <xsl:sort select="lower-case(?label)"/>
                    <li><a href="{?href}" class="{string-join(('entity-link', ?kind, if (?suggestion) then 'suggestion' else ()), ' ')}">{?label}</a>
                      <span class="count"> ({count(current-group())})</span></li>
                  </xsl:for-each-group>
                </ul>
              </xsl:for-each-group>
            </section>
          </xsl:if>
          <xsl:variable name="notes" as="element()*" select=".//tei:text//tei:note[@tt:anchor]"/>
          <xsl:if test="exists($notes)">
            <section class="notes" aria-labelledby="tt-notes">
              <h2 id="tt-notes">{tt:ui('notes')}</h2>
              <ol>
                <xsl:if test="$lang"><xsl:attribute name="lang" select="$lang"/></xsl:if>
                <xsl:apply-templates select="$notes" mode="note"/>
              </ol>
            </section>
          </xsl:if>
        </article>
        <xsl:variable name="here" as="element()?" select="$registers/*/tt:pages/tt:page[@href = current()/@href][1]"/>
        <xsl:variable name="previous" as="element()?" select="$here/preceding-sibling::tt:page[1]"/>
        <xsl:variable name="next" as="element()?" select="$here/following-sibling::tt:page[1]"/>
        <xsl:if test="$previous or $next">
          <nav class="docnav" aria-label="{tt:ui('documents')}">
            <xsl:if test="$previous"><a rel="prev" href="{$previous/@href}">← {tt:ui('previous')}</a></xsl:if>
            <a href="index.html">{tt:ui('documents')}</a>
            <xsl:if test="$next"><a rel="next" href="{$next/@href}">{tt:ui('next')} →</a></xsl:if>
          </nav>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
