<?xml version="1.0" encoding="UTF-8"?>
<!-- The map page: every place with coordinates as a point on an offline SVG map
     (equirectangular: x = longitude, y = -latitude), with labels and a table. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Land outlines (Natural Earth 1:110m, see the file's header), already projected. -->
  <xsl:variable name="tt:land" as="xs:string" select="string(doc('world.xml')/world/land/@d)"/>

  <xsl:function name="tt:num" as="xs:string">
    <xsl:param name="value" as="xs:double"/>
    <xsl:sequence select="format-number($value, '0.####')"/>
  </xsl:function>

  <!-- Label positions that do not overlap: places from north to south, each label tried right,
       left, then below and above on either side; the first free position wins. -->
  <xsl:function name="tt:place-labels" as="map(*)*">
    <xsl:param name="places" as="element()*"/>
    <xsl:param name="font" as="xs:double"/>
    <xsl:iterate select="sort($places, (), function($p) { (-tt:geo($p)[1], tt:geo($p)[2], string($p/@xml:id)) })">
      <xsl:param name="boxes" as="array(xs:double)*" select="()"/>
      <xsl:variable name="x" as="xs:double" select="tt:geo(.)[2]"/>
      <xsl:variable name="y" as="xs:double" select="-tt:geo(.)[1]"/>
      <xsl:variable name="width" as="xs:double" select="string-length(tt:entry-label(.)) * $font * 0.58"/>
      <xsl:variable name="gap" as="xs:double" select="$font * 0.5"/>
      <xsl:variable name="candidates" as="map(*)*" select="
          for $dy in (0, 1.1, -1.1, 2.2, -2.2) return (
            map{'lx': $x + $gap, 'ly': $y + $font * (0.35 + $dy), 'anchor': 'start', 'x0': $x + $gap, 'x1': $x + $gap + $width},
            map{'lx': $x - $gap, 'ly': $y + $font * (0.35 + $dy), 'anchor': 'end', 'x0': $x - $gap - $width, 'x1': $x - $gap})"/>
      <xsl:variable name="free" as="map(*)*" select="$candidates[
          let $c := . return every $b in $boxes satisfies
            ($c?x1 le $b(1) or $c?x0 ge $b(2) or $c?ly le $b(3) or $c?ly - $font ge $b(4))]"/>
      <xsl:variable name="chosen" as="map(*)" select="($free, $candidates)[1]"/>
      <xsl:sequence select="map:merge(($chosen, map{'place': ., 'x': $x, 'y': $y}))"/>
      <xsl:next-iteration>
        <xsl:with-param name="boxes" select="($boxes, [$chosen?x0, $chosen?x1, $chosen?ly - $font, $chosen?ly])"/>
      </xsl:next-iteration>
    </xsl:iterate>
  </xsl:function>

  <xsl:template name="map-page">
    <xsl:variable name="places" as="element()*" select="tt:all-entries(root(.))[tt:entry-kind(.) eq 'place'][exists(tt:geo(.))]"/>
    <xsl:variable name="lats" as="xs:double*" select="$places ! tt:geo(.)[1]"/>
    <xsl:variable name="longs" as="xs:double*" select="$places ! tt:geo(.)[2]"/>
    <xsl:variable name="span" as="xs:double"
        select="if (empty($places)) then 360 else max((max($longs) - min($longs), max($lats) - min($lats)))"/>
    <xsl:variable name="pad" as="xs:double" select="max((2, $span * 0.12))"/>
    <xsl:variable name="x0" as="xs:double" select="if (empty($places)) then -180 else max((-180, min($longs) - $pad))"/>
    <xsl:variable name="x1" as="xs:double" select="if (empty($places)) then 180 else min((180, max($longs) + $pad + $span * 0.1 + 3))"/>
    <xsl:variable name="y0" as="xs:double" select="if (empty($places)) then -90 else max((-90, -max($lats) - $pad))"/>
    <xsl:variable name="y1" as="xs:double" select="if (empty($places)) then 90 else min((90, -min($lats) + $pad))"/>
    <xsl:variable name="width" as="xs:double" select="$x1 - $x0"/>
    <xsl:variable name="height" as="xs:double" select="$y1 - $y0"/>
    <xsl:variable name="size" as="xs:double" select="max(($width, $height))"/>
    <xsl:variable name="step" as="xs:integer"
        select="if ($size gt 90) then 30 else if ($size gt 30) then 10 else if ($size gt 8) then 5 else 1"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="tt:ui('map')"/>
      <xsl:with-param name="current" select="'map'"/>
      <xsl:with-param name="scripts" select="(if ($tile_url ne '') then 'leaflet/leaflet.js' else (), 'map.js')"/>
      <xsl:with-param name="styles" select="if ($tile_url ne '') then 'leaflet/leaflet.css' else ()"/>
      <xsl:with-param name="content">
        <h1>{tt:ui('map')}</h1>
        <p class="count">{count($places)} {tt:ui('place-count')}</p>
        <figure class="map">
          <xsl:if test="$tile_url ne '' and exists($places)">
            <div id="tt-tiles" class="tiles" data-url="{$tile_url}" data-attribution="{$tile_attribution}"></div>
          </xsl:if>
          <svg class="map" role="img" aria-labelledby="tt-map-caption"
               viewBox="{tt:num($x0)} {tt:num($y0)} {tt:num($width)} {tt:num($height)}"
               preserveAspectRatio="xMidYMid meet">
            <rect class="sea" x="{tt:num($x0)}" y="{tt:num($y0)}" width="{tt:num($width)}" height="{tt:num($height)}"/>
            <path class="land" d="{$tt:land}"/>
            <g class="graticule" stroke-width="{tt:num($size div 600)}">
              <xsl:for-each select="xs:integer(ceiling($x0 div $step)) to xs:integer(floor($x1 div $step))">
                <line x1="{. * $step}" x2="{. * $step}" y1="{tt:num($y0)}" y2="{tt:num($y1)}"/>
              </xsl:for-each>
              <xsl:for-each select="xs:integer(ceiling($y0 div $step)) to xs:integer(floor($y1 div $step))">
                <line y1="{. * $step}" y2="{. * $step}" x1="{tt:num($x0)}" x2="{tt:num($x1)}"/>
              </xsl:for-each>
            </g>
            <g class="places" font-size="{tt:num($size div 40)}">
              <xsl:for-each select="tt:place-labels($places, $size div 40)">
                <xsl:variable name="place" as="element()" select="?place"/>
                <a href="places.html#{$place/@xml:id}" id="map-{$place/@xml:id}"
                   class="place{if (tt:is-suggestion($place)) then ' suggestion' else ''}">
                  <title>{tt:entry-label($place)}</title>
                  <circle class="marker" data-id="{$place/@xml:id}" cx="{tt:num(?x)}" cy="{tt:num(?y)}" r="{tt:num($size div 120)}"/>
                  <text class="label" x="{tt:num(?lx)}" y="{tt:num(?ly)}" text-anchor="{?anchor}">{tt:entry-label($place)}</text>
                </a>
              </xsl:for-each>
            </g>
          </svg>
          <figcaption id="tt-map-caption">{tt:ui('map-caption')}</figcaption>
        </figure>
        <div class="table-wrap">
          <table class="places">
            <thead><tr><th scope="col">{tt:ui('places')}</th><th scope="col">{tt:ui('latitude')}</th><th scope="col">{tt:ui('longitude')}</th></tr></thead>
            <tbody>
              <xsl:for-each select="$places">
                <xsl:sort select="lower-case(tt:entry-label(.))"/>
                <tr data-id="{@xml:id}" data-lat="{tt:geo(.)[1]}" data-long="{tt:geo(.)[2]}">
                  <td><a href="places.html#{@xml:id}">{tt:entry-label(.)}</a></td>
                  <td>{tt:num(tt:geo(.)[1])}</td>
                  <td>{tt:num(tt:geo(.)[2])}</td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
