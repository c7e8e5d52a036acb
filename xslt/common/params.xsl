<?xml version="1.0" encoding="UTF-8"?>
<!-- Every stylesheet parameter, typed, named like the Python option that sets it. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- RenderOptions.site_title: the edition's name, shown in every page header. -->
  <xsl:param name="site_title" as="xs:string" select="'TEI edition'"/>

  <!-- RenderOptions.show_suggestions: whether machine suggestions are visible when a page opens. -->
  <xsl:param name="show_suggestions" as="xs:boolean" select="true()"/>

  <!-- RenderOptions.context_words: words of context shown on each side of a mention in the registers. -->
  <xsl:param name="context_words" as="xs:integer" select="8"/>

  <!-- RenderOptions.registers, loaded: a tt:registers document holding listPerson/listPlace/listOrg. -->
  <xsl:param name="registers" as="document-node()?" select="()"/>

  <!-- RenderOptions.tile_url: a tile server URL template ({z}/{x}/{y}) for a tiled map above the
       offline SVG map; '' for the SVG map only. -->
  <xsl:param name="tile_url" as="xs:string" select="''"/>

  <!-- RenderOptions.tile_attribution: the credit line the tile server requires. -->
  <xsl:param name="tile_attribution" as="xs:string" select="''"/>

</xsl:stylesheet>
