<?xml version="1.0" encoding="UTF-8"?>
<!-- The documents table: one JSON object per TEI document of the input batch
     (<batch><doc file="…" stem="…"><TEI/></doc>…</batch>, built by tei_toolkit.export.extract). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all">

  <xsl:include href="tables/functions.xsl"/>
  <xsl:output method="text"/>

  <xsl:template match="/">
    <xsl:sequence select="tt:table($columns, tt:documents(.) ! tt:document-row(.))"/>
  </xsl:template>

  <xsl:variable name="columns" select="('id', 'file', 'title', 'authors', 'date_text', 'language', 'source',
      'licence', 'words', 'paragraphs', 'mentions', 'persons', 'places', 'orgs', 'others')"/>

  <xsl:function name="tt:document-row" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="file" select="$tei/tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="source" select="$file/tei:sourceDesc"/>
    <xsl:variable name="mentions" select="$tei/tei:text//*[tt:is-mention(.)]"/>
    <xsl:variable name="kinds" select="$mentions ! tt:kind(.)"/>
    <xsl:variable name="authors" select="($file/tei:titleStmt/tei:author, $source//tei:author)"/>
    <xsl:sequence select="tt:row([
        tt:document-id($tei),
        string($tei/ancestor::doc[1]/@file),
        tt:opt((($file/tei:titleStmt/tei:title[@type = 'main'], $file/tei:titleStmt/tei:title)[1]
                        ! normalize-space(.))),
        tt:opt(string-join(distinct-values(
                        $authors[ancestor::tei:titleStmt or not($file/tei:titleStmt/tei:author)]
                        ! normalize-space(.))[.], '; ')),
        tt:opt(string(($source//tei:date/(@when, @notBefore, @from),
                               $file/tei:publicationStmt/tei:date/@when,
                               $tei/tei:teiHeader/tei:profileDesc//tei:date/(@when, @notBefore),
                               $tei/tei:text//(tei:docDate | tei:byline//tei:date)/@when)[1])),
        tt:opt(string(($tei/@xml:lang,
                                   $tei/tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language/@ident,
                                   $tei/tei:text/@xml:lang)[1])),
        tt:opt((($source//tei:ptr/@target, $source//tei:idno[@type = ('URI', 'URL', 'url')],
                           $source/(tei:bibl | tei:biblStruct | tei:msDesc/tei:msIdentifier))[1]
                          ! normalize-space(if (. instance of attribute()) then string(.)
                                            else string-join(node() ! string(.), ' ')),
                          normalize-space($source))[.][1]),
        tt:opt((($file/tei:publicationStmt/tei:availability) ! (tei:licence/@target, tei:licence, .)
                           ! normalize-space(.))[.][1]),
        count(tokenize(string($tei/tei:text))),
        count($tei/tei:text//tei:p),
        count($mentions),
        count($kinds[. eq 'person']),
        count($kinds[. eq 'place']),
        count($kinds[. eq 'org']),
        count($kinds[not(. = ('person', 'place', 'org'))])
      ])"/>
  </xsl:function>
</xsl:stylesheet>
