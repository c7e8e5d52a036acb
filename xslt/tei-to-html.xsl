<?xml version="1.0" encoding="UTF-8"?>
<!-- TEI → HTML edition. Input: a tt:doc (one document page, principal result) or a tt:edition
     (every document; the corpus pages come from the named templates index-page, persons-page,
     places-page, orgs-page, map-page, search-page and search-index). Both are built by
     tei_toolkit.render, which parses the TEI safely and sets @tt:anchor/@tt:n/@tt:note. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    xmlns:err="http://www.w3.org/2005/xqt-errors"
    exclude-result-prefixes="#all">

  <xsl:import href="common/params.xsl"/>
  <xsl:import href="common/labels.xsl"/>
  <xsl:import href="common/functions.xsl"/>
  <xsl:import href="html/page.xsl"/>
  <xsl:import href="html/header.xsl"/>
  <xsl:import href="html/text.xsl"/>
  <xsl:import href="html/entities.xsl"/>
  <xsl:import href="html/document.xsl"/>
  <xsl:import href="html/registers.xsl"/>
  <xsl:import href="html/index.xsl"/>
  <xsl:import href="html/map.xsl"/>
  <xsl:import href="html/search.xsl"/>

  <xsl:output method="xhtml" html-version="5" omit-xml-declaration="yes" indent="no" encoding="UTF-8"/>

  <xsl:mode name="document-page" on-no-match="fail"/>

  <!-- A failure names its code and place in a message that tei_toolkit.render reports. -->
  <xsl:template match="/">
    <xsl:try>
      <xsl:apply-templates select="tt:doc" mode="document-page"/>
      <xsl:catch>
        <xsl:message terminate="yes"
            select="$err:code || ' at ' || replace(string($err:module), '^.*/', '') || ':' || $err:line-number
                    || ': ' || $err:description"/>
      </xsl:catch>
    </xsl:try>
  </xsl:template>

</xsl:stylesheet>
