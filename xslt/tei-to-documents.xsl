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
  <xsl:output method="json" indent="no"/>

  <xsl:template match="/">
    <xsl:sequence select="array{ tt:documents(.) ! tt:document-row(.) }"/>
  </xsl:template>

  <xsl:function name="tt:document-row" as="map(*)">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="file" select="$tei/tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="source" select="$file/tei:sourceDesc"/>
    <xsl:variable name="mentions" select="$tei/tei:text//*[tt:is-mention(.)]"/>
    <xsl:variable name="kinds" select="$mentions ! tt:kind(.)"/>
    <xsl:variable name="authors" select="($file/tei:titleStmt/tei:author, $source//tei:author)"/>
    <xsl:sequence select="map{
        'id': tt:document-id($tei),
        'file': string($tei/ancestor::doc[1]/@file),
        'title': tt:opt((($file/tei:titleStmt/tei:title[@type = 'main'], $file/tei:titleStmt/tei:title)[1]
                        ! normalize-space(.))),
        'authors': tt:opt(string-join(distinct-values(
                        $authors[ancestor::tei:titleStmt or not($file/tei:titleStmt/tei:author)]
                        ! normalize-space(.))[.], '; ')),
        'date_text': tt:opt(string(($source//tei:date/(@when, @notBefore, @from),
                               $file/tei:publicationStmt/tei:date/@when,
                               $tei/tei:teiHeader/tei:profileDesc//tei:date/(@when, @notBefore),
                               $tei/tei:text//(tei:docDate | tei:byline//tei:date)/@when)[1])),
        'language': tt:opt(string(($tei/@xml:lang,
                                   $tei/tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language/@ident,
                                   $tei/tei:text/@xml:lang)[1])),
        'source': tt:opt((($source//tei:ptr/@target, $source//tei:idno[@type = ('URI', 'URL', 'url')],
                           $source/(tei:bibl | tei:biblStruct | tei:msDesc/tei:msIdentifier))[1]
                          ! normalize-space(.), normalize-space($source))[.][1]),
        'licence': tt:opt((($file/tei:publicationStmt/tei:availability) ! (tei:licence/@target, tei:licence, .)
                           ! normalize-space(.))[.][1]),
        'words': count(tokenize(string($tei/tei:text))),
        'paragraphs': count($tei/tei:text//tei:p),
        'mentions': count($mentions),
        'persons': count($kinds[. eq 'person']),
        'places': count($kinds[. eq 'place']),
        'orgs': count($kinds[. eq 'org']),
        'others': count($kinds[not(. = ('person', 'place', 'org'))])
      }"/>
  </xsl:function>
</xsl:stylesheet>
