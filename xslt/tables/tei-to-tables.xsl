<?xml version="1.0" encoding="UTF-8"?>
<!-- The per-document tables in one pass over a batch of TEI documents
     (<batch><doc file="…" stem="…"><TEI/></doc>…</batch>, built by tei_toolkit.export.extract).
     The answer has three sections separated by two U+FDD1:
       1. the documents table as CSV lines (RFC 4180, CRLF), no header (xslt/tei-to-documents.xsl);
       2. one record per mention, each preceded by U+FDD1 (xslt/tei-to-mentions.xsl);
       3. the entities table as U+FDD0/U+FDD1 cells with a header (xslt/tei-to-entities.xsl). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all">

  <xsl:include href="functions.xsl"/>
  <xsl:include href="../tei-to-documents.xsl"/>
  <xsl:include href="../tei-to-mentions.xsl"/>
  <xsl:include href="../tei-to-entities.xsl"/>
  <xsl:output method="text"/>
  <xsl:mode use-accumulators="#all"/>

  <!-- Each document's id, mentions and their kinds are found once ($documents: one array per
       document) and serve both its line and its mention records. -->
  <xsl:template match="/">
    <xsl:variable name="documents" as="array(*)*"
        select="tt:documents(.) ! (let $mentions := tt:mentions(.)
                                   return [., tt:document-id(.), $mentions, $mentions ! tt:kind(.)])"/>
    <xsl:for-each select="$documents">
      <xsl:value-of select="tt:document-line(?1, ?2, ?3, ?4)"/>
    </xsl:for-each>
    <xsl:value-of select="$line, $line" separator=""/>
    <xsl:for-each select="$documents">
      <xsl:call-template name="tt:mention-records">
        <xsl:with-param name="tei" select="?1"/>
        <xsl:with-param name="document" select="?2"/>
        <xsl:with-param name="mentions" select="?3"/>
        <xsl:with-param name="kinds" select="?4"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:value-of select="$line, $line, tt:entities-table(., map:merge($documents ! map:entry(generate-id(?1), ?2)))"
                  separator=""/>
  </xsl:template>

  <!-- The entity elements of a document, in document order. -->
  <xsl:function name="tt:mentions" as="element()*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="$tei/tei:text//*[tt:is-mention(.)]"/>
  </xsl:function>
</xsl:stylesheet>
